import pino from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig, type Config } from './config.ts'
import { systemClock, type AppContext, type Clock } from './context.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrate } from './db/migrator.ts'
import { join } from 'node:path'

export interface Platform {
  ctx: AppContext
  handle: DatabaseHandle
  close(): Promise<void>
}

export function createLogger(config: Config): FastifyBaseLogger {
  return pino({
    level: config.logLevel,
    base: { service: 'kassa' },
    // Credentials never reach the logs, whatever a caller puts in a header.
    redact: ['req.headers.authorization', 'req.headers["api-key"]', 'req.headers.cookie'],
  }) as unknown as FastifyBaseLogger
}

/** Opens the database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR), migrates, builds the context. */
export async function openPlatform(
  options: { config?: Config; clock?: Clock; log?: FastifyBaseLogger; migrate?: boolean } = {},
): Promise<Platform> {
  const config = options.config ?? loadConfig()
  const log = options.log ?? createLogger(config)
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? null : join(config.dataDir, 'pgdata'),
    onIdleError: (err) => log.warn({ err }, 'idle database connection lost'),
  })
  if (options.migrate !== false) {
    const result = await migrate(handle.db)
    if (result.applied.length > 0) log.info({ applied: result.applied }, 'database migrated')
  }
  const ctx: AppContext = { config, db: handle.db, dbKind: handle.kind, clock: options.clock ?? systemClock, log }
  return { ctx, handle, close: () => handle.close() }
}
