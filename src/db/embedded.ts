import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import { openDatabase, type DatabaseHandle } from './database.ts'
import { acquireDataDir, DataDirBusyError, type DataDirHolder } from './datadir-lock.ts'
import { shareEmbeddedDatabase } from './embedded-server.ts'

export const describeHolder = (holder: DataDirHolder) => `pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}`

/**
 * The embedded database without lost writes: one process opens the data directory (under the
 * lock file); a server or worker that holds it shares it on a local socket, and every other Kassa
 * process connects there with `pg` instead of opening a second copy of the files.
 */
export async function openEmbedded(
  config: Config,
  options: { command: string; share: boolean; log: FastifyBaseLogger; onIdleError: (err: Error) => void },
): Promise<DatabaseHandle> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const acquired = await acquireDataDir(config.dataDir, options.command, {
    url: options.command === 'serve' ? config.publicUrl : null,
  })
  if (acquired.kind === 'shared') {
    const { holder } = acquired
    if (options.command === 'serve' && holder.command === 'serve')
      throw new DataDirBusyError(
        `Kassa is already running on the data directory ${config.dataDir} (${describeHolder(holder)}); stop it first or set another DATA_DIR`,
        holder,
      )
    options.log.debug({ holder: holder.pid }, 'using the embedded database shared by a running Kassa process')
    return openDatabase({
      databaseUrl: null,
      dataDir: null,
      embeddedEndpoint: holder.database!,
      onIdleError: options.onIdleError,
      poolSize: options.share ? 4 : 1,
    })
  }
  const { lock } = acquired
  let handle: DatabaseHandle
  try {
    handle = await openDatabase({
      databaseUrl: null,
      dataDir: join(config.dataDir, 'pgdata'),
      optimizeWasm: config.pgliteWasmOptimize,
    })
  } catch (err) {
    lock.release()
    throw err
  }
  if (!options.share) {
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close()
        } finally {
          lock.release()
        }
      },
    }
  }
  const shared = await shareEmbeddedDatabase(handle.pglite!, config.dataDir)
  lock.update({ database: shared.endpoint })
  return {
    ...handle,
    close: async () => {
      try {
        await shared.close()
        await handle.close()
      } finally {
        lock.release()
      }
    },
  }
}
