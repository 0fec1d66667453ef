import { existsSync, unlinkSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket'
import type { EmbeddedEndpoint } from './datadir-lock.ts'

// PGlite is one backend. pglite-socket 0.0.22 multiplexes clients message by message (and allows one
// connection by default), so two clients' Parse/Bind could interleave and a client's statement could
// land inside the server's own transaction. This session lock gives one client the backend from its
// first message until PostgreSQL reports it idle again (ReadyForQuery 'I'), holding PGlite's transaction
// mutex meanwhile so the in-process server waits too: every transaction runs alone, as on one connection.

/** Status byte of the last ReadyForQuery ('Z') in a backend response, or null if it has none. */
function readyStatus(bytes: Uint8Array): string | null {
  let status: string | null = null
  let at = 0
  while (at + 5 <= bytes.length) {
    const type = bytes[at]
    const length = ((bytes[at + 1] << 24) | (bytes[at + 2] << 16) | (bytes[at + 3] << 8) | bytes[at + 4]) >>> 0
    if (type === 0x5a && length === 5 && at + 5 < bytes.length) status = String.fromCharCode(bytes[at + 5])
    at += 1 + length
  }
  return status
}

const frontendMessage = (type: string, body: string) => {
  const payload = Buffer.from(body ? `${body}\0` : '', 'utf8')
  const message = Buffer.alloc(5 + payload.length)
  message.write(type, 0, 'ascii')
  message.writeInt32BE(4 + payload.length, 1)
  payload.copy(message, 5)
  return new Uint8Array(message)
}

interface PGliteInternals {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>
}

class SessionLock {
  private owner: number | null = null
  private releaseOwner: (() => void) | null = null
  /** Clients that went away while still waiting for their turn: their turn is given back at once. */
  private readonly gone = new Set<number>()
  private readonly waiting = new Set<number>()

  constructor(private readonly pglite: PGlite) {}

  private acquire(handlerId: number): Promise<void> {
    return new Promise<void>((granted, failed) => {
      ;(this.pglite as unknown as PGliteInternals)
        ._runExclusiveTransaction(
          () =>
            new Promise<void>((release) => {
              this.owner = handlerId
              this.releaseOwner = release
              granted()
            }),
        )
        .catch(failed)
    })
  }

  private release(): void {
    const release = this.releaseOwner
    this.owner = null
    this.releaseOwner = null
    release?.()
  }

  /** The interface PGLiteSocketHandler calls (its own queue's shape). */
  async enqueue(handlerId: number, message: Uint8Array): Promise<Uint8Array> {
    if (this.owner !== handlerId) {
      this.waiting.add(handlerId)
      await this.acquire(handlerId)
      this.waiting.delete(handlerId)
    }
    if (this.gone.delete(handlerId)) {
      this.release()
      throw new Error('client disconnected while waiting for the database')
    }
    try {
      const response = await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(message))
      if (readyStatus(response) === 'I') this.release()
      return response
    } catch (err) {
      await this.abandon(handlerId)
      throw err
    }
  }

  clearQueueForHandler(_handlerId: number): void {}

  /** A client gone mid-transaction (or mid extended-query) must not leave its work open for the next one. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.waiting.has(handlerId)) this.gone.add(handlerId)
    await this.abandon(handlerId)
  }

  private async abandon(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return
    try {
      await this.pglite.runExclusive(async () => {
        await this.pglite.execProtocolRaw(frontendMessage('S', ''))
        if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(frontendMessage('Q', 'ROLLBACK'))
      })
    } finally {
      this.release()
    }
  }
}

export interface EmbeddedServer {
  endpoint: EmbeddedEndpoint
  close(): Promise<void>
}

/** Longest Unix socket path Linux and macOS accept (sun_path is 104–108 bytes). */
const MAX_SOCKET_PATH = 100

/**
 * Shares an open PGlite over the PostgreSQL wire protocol: a Unix socket in the data directory
 * (only its owner can reach it), or 127.0.0.1 on a random port when the path is too long.
 */
export async function shareEmbeddedDatabase(pglite: PGlite, dataDir: string): Promise<EmbeddedServer> {
  const lock = new SessionLock(pglite)
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    const handler = new PGLiteSocketHandler({ queryQueue: lock as never, closeOnDetach: true })
    handler.attach(socket).catch(() => socket.destroy())
  })
  const socketPath = join(dataDir, '.s.PGSQL.5432')
  const useUnix = process.platform !== 'win32' && socketPath.length <= MAX_SOCKET_PATH
  // A socket file left by a killed server: we hold the lock, so nobody listens on it.
  if (useUnix && existsSync(socketPath)) unlinkSync(socketPath)
  const endpoint = await new Promise<EmbeddedEndpoint>((resolve, reject) => {
    server.once('error', reject)
    const listening = () => {
      const address = server.address()
      resolve(
        useUnix || address === null || typeof address === 'string'
          ? { socketDir: dataDir }
          : {
              host: '127.0.0.1',
              port: address.port,
            },
      )
    }
    if (useUnix) server.listen(socketPath, listening)
    else server.listen(0, '127.0.0.1', listening)
  })
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
