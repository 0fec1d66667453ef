import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Where the process that owns an embedded data directory can be reached (set once its socket listens). */
export type EmbeddedEndpoint = { socketDir: string } | { host: string; port: number }

/** The content of `<DATA_DIR>/kassa.lock`: who holds the embedded database open. */
export interface DataDirHolder {
  pid: number
  /** The Kassa command holding the directory: "serve", "worker", "product create", … */
  command: string
  /** The API's public URL when the holder is a server. */
  url: string | null
  /** The local socket that shares the database; null while starting, or for short commands. */
  database: EmbeddedEndpoint | null
  started_at: string
}

export class DataDirBusyError extends Error {
  constructor(
    message: string,
    readonly holder: DataDirHolder,
  ) {
    super(message)
  }
}

export const lockFile = (dataDir: string) => join(dataDir, 'kassa.lock')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the pid exists but belongs to another user; it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): DataDirHolder | null | 'missing' {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw err
  }
  try {
    const holder = JSON.parse(text) as DataDirHolder
    return Number.isInteger(holder.pid) ? holder : null
  } catch {
    return null
  }
}

export interface DataDirLock {
  holder: DataDirHolder
  /** Records where the database is shared (atomic rewrite: readers never see half a file). */
  update(changes: Partial<Pick<DataDirHolder, 'url' | 'database'>>): void
  release(): void
}

export type AcquireResult =
  | { kind: 'owner'; lock: DataDirLock }
  /** Another live Kassa process shares the database on a socket: connect there. */
  | { kind: 'shared'; holder: DataDirHolder }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Takes the data directory's exclusive lock, or finds the live process that shares it.
 * A lock left by a dead pid is taken over; a live holder without a socket (another short command,
 * or a server still starting) is waited for, up to `waitMs`.
 */
export async function acquireDataDir(
  dataDir: string,
  command: string,
  options: { waitMs?: number; url?: string | null } = {},
): Promise<AcquireResult> {
  const file = lockFile(dataDir)
  const deadline = Date.now() + (options.waitMs ?? 15_000)
  let unreadableSince: number | null = null
  for (;;) {
    const holder: DataDirHolder = {
      pid: process.pid,
      command,
      url: options.url ?? null,
      database: null,
      started_at: new Date().toISOString(),
    }
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, JSON.stringify(holder))
      closeSync(fd)
      return { kind: 'owner', lock: ownedLock(file, holder) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const current = readHolder(file)
    if (current === 'missing') continue
    if (current === null) {
      // Being written right now (wx then write), or left half-written by a crash: give it a moment.
      unreadableSince ??= Date.now()
      if (Date.now() - unreadableSince > 2000) takeOver(file, null)
      await sleep(50)
      continue
    }
    unreadableSince = null
    if (!alive(current.pid) || current.pid === process.pid) {
      takeOver(file, current)
      continue
    }
    if (current.database) return { kind: 'shared', holder: current }
    if (Date.now() > deadline)
      throw new DataDirBusyError(
        `the data directory ${dataDir} is in use by "kassa ${current.command}" (pid ${current.pid}); try again when it has finished`,
        current,
      )
    await sleep(100)
  }
}

/** Removes a stale lock, unless another process replaced it since we read it. */
function takeOver(file: string, seen: DataDirHolder | null): void {
  const now = readHolder(file)
  if (now === 'missing') return
  if (seen && (now === null || now.pid !== seen.pid || now.started_at !== seen.started_at)) return
  try {
    unlinkSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

function ownedLock(file: string, holder: DataDirHolder): DataDirLock {
  let released = false
  const release = () => {
    if (released) return
    released = true
    const now = readHolder(file)
    if (now !== 'missing' && now !== null && now.pid === holder.pid && now.started_at === holder.started_at)
      unlinkSync(file)
  }
  // A crash still leaves a lock behind; the next process sees the dead pid and takes it over.
  process.once('exit', release)
  return {
    holder,
    update(changes) {
      Object.assign(holder, changes)
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 })
      renameSync(tmp, file)
    },
    release,
  }
}
