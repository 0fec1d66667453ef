import pino from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import type { AppContext } from '../../src/context.ts'
import { systemClock } from '../../src/context.ts'
import { openDatabase } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrator.ts'

/**
 * Boots Kassa in-process on a throwaway in-memory PGlite and returns the OpenAPI document it serves
 * at /api/schema/. The key below only exists for this boot: nothing is stored or sent anywhere.
 */
export async function fetchServedSchema(): Promise<Record<string, any>> {
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'sdk-generate-throwaway-key-0123456789abcdef',
    PUBLIC_URL: 'http://127.0.0.1:8080',
    DATA_DIR: '/tmp/kassa-sdk-generate',
    SANDBOX_SIMULATION: 'internal',
    LOG_LEVEL: 'silent',
  })
  const handle = await openDatabase({ databaseUrl: null, dataDir: null })
  try {
    await migrate(handle.db)
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger
    const ctx: AppContext = { config, db: handle.db, dbKind: handle.kind, clock: systemClock, log }
    const app = await buildApp(ctx)
    try {
      const res = await app.inject({ method: 'GET', url: '/api/schema/' })
      if (res.statusCode !== 200) throw new Error(`GET /api/schema/ answered ${res.statusCode}`)
      return res.json()
    } finally {
      await app.close()
    }
  } finally {
    await handle.close()
  }
}
