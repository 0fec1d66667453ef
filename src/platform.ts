import pino from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig, type Config } from './config.ts'
import { systemClock, type AppContext, type Clock } from './context.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrate } from './db/migrator.ts'
import { openEmbedded } from './db/embedded.ts'

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
  options: {
    config?: Config
    clock?: Clock
    log?: FastifyBaseLogger
    migrate?: boolean
    /** Long-running processes (serve, worker) that open the embedded database share it on a socket. */
    share?: boolean
    /** The command holding the embedded data directory, named in the lock file and in refusals. */
    command?: string
  } = {},
): Promise<Platform> {
  const config = options.config ?? loadConfig()
  const log = options.log ?? createLogger(config)
  const onIdleError = (err: Error) => log.warn({ err }, 'idle database connection lost')
  const handle = config.databaseUrl
    ? await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null, onIdleError })
    : await openEmbedded(config, {
        command: options.command ?? commandName(),
        share: options.share ?? false,
        log,
        onIdleError,
      })
  if (options.migrate !== false) {
    const result = await migrateDirect(config, handle)
    if (result.applied.length > 0) log.info({ applied: result.applied }, 'database migrated')
  }
  const ctx: AppContext = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    clock: options.clock ?? systemClock,
    log,
    poolStats: handle.poolStats,
    lifecycle: { draining: false },
  }
  return { ctx, handle, close: () => handle.close() }
}

/** "product create" for `kassa product create --org 1 …`: the words before the first option. */
function commandName(): string {
  const words: string[] = []
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith('-') || words.length === 2) break
    words.push(arg)
  }
  return words.join(' ') || 'command'
}

/** Migrations run on DATABASE_DIRECT_URL when it differs (PostgreSQL itself, not PgBouncer). */
export async function migrateDirect(config: Config, handle: DatabaseHandle) {
  if (!config.databaseDirectUrl || config.databaseDirectUrl === config.databaseUrl) return migrate(handle.db)
  const direct = await openDatabase({ databaseUrl: config.databaseDirectUrl, dataDir: null, poolSize: 1 })
  try {
    return await migrate(direct.db)
  } finally {
    await direct.close()
  }
}
