import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** What services and routes need from the running platform, built once in the composition root. */
export interface AppContext {
  config: Config
  db: Database
  dbKind: 'pglite' | 'postgres'
  clock: Clock
  log: FastifyBaseLogger
  /** Connection pool counts for /metrics (PostgreSQL pools; absent on in-process PGlite). */
  poolStats?: () => { total: number; idle: number; waiting: number }
  /** Set first on shutdown: /readyz answers 503 so load balancers stop sending work. */
  lifecycle?: { draining: boolean }
}
