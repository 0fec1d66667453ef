import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Every setting Kassa reads, parsed once at start and frozen. A bad value stops the start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string | null
  dataDir: string
  publicUrl: string
  platformName: string
  secretKey: string
  sandboxSimulation: 'internal' | 'off'
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Trust X-Forwarded-* (TRUST_PROXY). */
  trustProxy: boolean
  /** Seed the demo merchant on PostgreSQL too (KASSA_SEED_DEMO); the embedded database is always seeded. */
  seedDemo: boolean
  allowPrivateWebhookUrls: boolean
  allowSignup: boolean
  smtpUrl: string | null
  /** Sender of every email (EMAIL_FROM); default "<PLATFORM_NAME> <no-reply@localhost>". */
  emailFrom: string
  /** Dashboard sessions end after this much inactivity (SESSION_IDLE_MINUTES, default 60)… */
  sessionIdleMinutes: number
  /** …and at the latest this long after sign-in (SESSION_MAX_HOURS, default 12). */
  sessionMaxHours: number
  productionProvider: string
  allowSimulatorInProduction: boolean
  checkoutMaxAttempts: number
  /** Pay attempts per checkout token and per client IP, per minute (hosted checkout). */
  checkoutPayRatePerToken: number
  checkoutPayRatePerIp: number
  depositSettleDelayMs: number
  refundDelayMs: number
  workerPollMs: number
  /** How long an API-key lookup is trusted in-process (API_KEY_CACHE_TTL_MS, default 10 s; 0 = off). */
  apiKeyCacheTtlMs: number
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

/** One environment variable as the reference documents it (docs/reference/configuration.md is generated from these). */
export interface ConfigVariable {
  /** `integer`, `boolean`, `string`, `url`, or the allowed values joined by `|`. */
  type: string
  /** The default as a reader sees it; computed defaults are described in words. */
  default: string
  description: string
  /** `server`: `kassa serve`, `kassa worker` and the other commands; `cli`: only `kassa listen`; `tooling`: development scripts. */
  audience: 'server' | 'cli' | 'tooling'
  min?: number
  max?: number
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const server = (type: string, dflt: string, description: string, range?: { min: number; max: number }) =>
  ({ type, default: dflt, description, audience: 'server', ...range }) satisfies ConfigVariable

/** Every environment variable Kassa reads, and only these: the parsers below take a name of this table. */
export const CONFIG_VARIABLES = {
  PORT: server('integer', '8080', 'HTTP port.', { min: 0, max: 65535 }),
  HOST: server('string', '127.0.0.1', 'Listen address (`0.0.0.0` in containers).'),
  DATABASE_URL: server('url', '(unset)', 'PostgreSQL URL (`postgres://…`). Unset: embedded PGlite in `DATA_DIR`.'),
  DATA_DIR: server('string', './.kassa-data', 'Embedded database, the generated `SECRET_KEY`, demo credentials.'),
  PUBLIC_URL: server('url', 'http://HOST:PORT', 'Base of `checkout_url`, payment links and every link Kassa prints.'),
  PLATFORM_NAME: server('string', 'Kassa', 'Name shown on the hosted checkout and the dashboard (1–60 characters).'),
  SECRET_KEY: server(
    'string',
    'generated in DATA_DIR',
    'Signs checkout tokens, encrypts webhook and TOTP secrets (at least 32 characters). Required with `NODE_ENV=production`.',
  ),
  NODE_ENV: server(
    'development|production|test',
    'development',
    '`production` turns on the strict defaults (SSRF guard, required `SECRET_KEY`).',
  ),
  SANDBOX_SIMULATION: server(
    'internal|off',
    'internal',
    '`internal`: `sandbox_simulate` scripts sandbox outcomes; `off`: stored and ignored.',
  ),
  LOG_LEVEL: server(LOG_LEVELS.join('|'), 'info (silent under NODE_ENV=test)', 'Log level.'),
  TRUST_PROXY: server('boolean', 'false', 'Trust `X-Forwarded-*` headers (set it behind a reverse proxy).'),
  KASSA_SEED_DEMO: server(
    'boolean',
    'false',
    '`kassa serve` seeds the demo merchant into an empty database. The embedded database (no `DATABASE_URL`) is always seeded; on PostgreSQL only with `true`.',
  ),
  ALLOW_PRIVATE_WEBHOOK_URLS: server(
    'boolean',
    'true outside production',
    'Allow webhook URLs on loopback and private networks.',
  ),
  ALLOW_SIGNUP: server('boolean', 'false', 'Open dashboard sign-up (`POST /api/auth/signup/`).'),
  SMTP_URL: server('url', '(unset)', '`smtp://` or `smtps://` URL for outgoing email. Unset: a local outbox.'),
  EMAIL_FROM: server('string', '<PLATFORM_NAME> <no-reply@localhost>', 'Sender of every email.'),
  SESSION_IDLE_MINUTES: server('integer', '60', 'A dashboard session ends after this much inactivity.', {
    min: 1,
    max: 7 * 24 * 60,
  }),
  SESSION_MAX_HOURS: server(
    'integer',
    '12',
    'A dashboard session ends this long after sign-in, whatever the activity.',
    {
      min: 1,
      max: 24 * 90,
    },
  ),
  PRODUCTION_PROVIDER: server('string', 'simulator', 'Card processor for production API keys.'),
  ALLOW_SIMULATOR_IN_PRODUCTION: server('boolean', 'false', 'Explicitly allow the simulator for production keys.'),
  CHECKOUT_MAX_ATTEMPTS: server('integer', '5', 'Failed card attempts before a payment is `failed`.', {
    min: 1,
    max: 20,
  }),
  CHECKOUT_PAY_RATE_PER_TOKEN: server('integer', '20', 'Pay and 3-D Secure attempts per checkout token per minute.', {
    min: 1,
    max: 10_000,
  }),
  CHECKOUT_PAY_RATE_PER_IP: server('integer', '120', 'Pay and 3-D Secure attempts per client IP per minute.', {
    min: 1,
    max: 100_000,
  }),
  DEPOSIT_SETTLE_DELAY_MS: server('integer', '5000', 'Simulator: delay before a pending deposit settles.', {
    min: 0,
    max: 86_400_000,
  }),
  REFUND_DELAY_MS: server('integer', '2000', 'Delay before the worker asks the provider to refund.', {
    min: 0,
    max: 86_400_000,
  }),
  WORKER_POLL_MS: server('integer', '500', 'Worker poll interval when idle.', { min: 10, max: 60_000 }),
  API_KEY_CACHE_TTL_MS: server(
    'integer',
    '10000',
    'How long an API-key lookup is trusted in-process (ms): a key revoked elsewhere stops within this; 0 = no cache.',
    { min: 0, max: 60_000 },
  ),
  KASSA_API_URL: {
    type: 'url',
    default: 'http://localhost:8080',
    description: '`kassa listen`: the Kassa server to read events from (or `--api-url`).',
    audience: 'cli',
  },
  KASSA_API_KEY: {
    type: 'string',
    default: '(unset)',
    description: '`kassa listen`: a sandbox API key (or `--api-key`).',
    audience: 'cli',
  },
  PG_DUMP: {
    type: 'string',
    default: 'pg_dump',
    description: '`npm run db:schema` and the schema test: the `pg_dump` binary to run (match the server version).',
    audience: 'tooling',
  },
} as const satisfies Record<string, ConfigVariable>

type Name = keyof typeof CONFIG_VARIABLES

function oneOf<T extends string>(env: Env, name: Name, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`)
  }
  return raw as T
}

function integer(env: Env, name: Name): number {
  const { min, max, default: fallback } = CONFIG_VARIABLES[name] as ConfigVariable
  const raw = env[name]
  if (raw === undefined || raw === '') return Number(fallback)
  if (!/^\d+$/.test(raw) || Number(raw) < (min ?? 0) || Number(raw) > (max ?? Number.MAX_SAFE_INTEGER)) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`)
  }
  return Number(raw)
}

function bool(env: Env, name: Name, fallback = CONFIG_VARIABLES[name].default === 'true'): boolean {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['true', '1', 'yes', 'on'].includes(raw)) return true
  if (['false', '0', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`)
}

function url(env: Env, name: Name, fallback: string | null, protocols: string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} must be a URL (got "${raw}")`)
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`)
  }
  return raw
}

const text = (env: Env, name: Name): string | undefined => env[name]

/** In embedded mode the key is generated once and kept beside the data, so restarts keep sessions and secrets readable. */
function embeddedSecretKey(dataDir: string): string {
  const file = join(dataDir, 'secret.key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  writeFileSync(file, key + '\n', { mode: 0o600 })
  return key
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development')
  const port = integer(env, 'PORT')
  const host = text(env, 'HOST') || CONFIG_VARIABLES.HOST.default
  const databaseUrl = url(env, 'DATABASE_URL', null, ['postgres:', 'postgresql:'])
  const dataDir = resolve(text(env, 'DATA_DIR') || CONFIG_VARIABLES.DATA_DIR.default)
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  const publicUrl = (url(env, 'PUBLIC_URL', `http://${displayHost}:${port}`, ['http:', 'https:']) as string).replace(
    /\/+$/,
    '',
  )
  const platformName = (text(env, 'PLATFORM_NAME') ?? CONFIG_VARIABLES.PLATFORM_NAME.default).trim()
  if (platformName.length === 0 || platformName.length > 60)
    throw new ConfigError('PLATFORM_NAME must be 1 to 60 characters')
  let secretKey = text(env, 'SECRET_KEY') ?? ''
  if (secretKey === '') {
    if (nodeEnv === 'production') throw new ConfigError('SECRET_KEY is required when NODE_ENV=production')
    secretKey =
      databaseUrl && nodeEnv !== 'development' ? randomBytes(32).toString('base64url') : embeddedSecretKey(dataDir)
  } else if (secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY must be at least 32 characters')
  }
  const config: Config = {
    nodeEnv,
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl,
    platformName,
    secretKey,
    sandboxSimulation: oneOf(env, 'SANDBOX_SIMULATION', ['internal', 'off'] as const, 'internal'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy: bool(env, 'TRUST_PROXY'),
    seedDemo: bool(env, 'KASSA_SEED_DEMO'),
    allowPrivateWebhookUrls: bool(env, 'ALLOW_PRIVATE_WEBHOOK_URLS', nodeEnv !== 'production'),
    allowSignup: bool(env, 'ALLOW_SIGNUP'),
    smtpUrl: url(env, 'SMTP_URL', null, ['smtp:', 'smtps:']),
    emailFrom: (text(env, 'EMAIL_FROM') ?? '').trim() || `${platformName} <no-reply@localhost>`,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES'),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS'),
    productionProvider: text(env, 'PRODUCTION_PROVIDER') || CONFIG_VARIABLES.PRODUCTION_PROVIDER.default,
    allowSimulatorInProduction: bool(env, 'ALLOW_SIMULATOR_IN_PRODUCTION'),
    checkoutMaxAttempts: integer(env, 'CHECKOUT_MAX_ATTEMPTS'),
    checkoutPayRatePerToken: integer(env, 'CHECKOUT_PAY_RATE_PER_TOKEN'),
    checkoutPayRatePerIp: integer(env, 'CHECKOUT_PAY_RATE_PER_IP'),
    depositSettleDelayMs: integer(env, 'DEPOSIT_SETTLE_DELAY_MS'),
    refundDelayMs: integer(env, 'REFUND_DELAY_MS'),
    workerPollMs: integer(env, 'WORKER_POLL_MS'),
    apiKeyCacheTtlMs: integer(env, 'API_KEY_CACHE_TTL_MS'),
  }
  return Object.freeze(config)
}

/** `kassa listen` is a client of a Kassa server: it needs only these two, and never the server's secrets. */
export function loadListenConfig(env: Env = process.env): { apiUrl: string; apiKey: string | null } {
  return {
    apiUrl: url(env, 'KASSA_API_URL', CONFIG_VARIABLES.KASSA_API_URL.default, ['http:', 'https:']) as string,
    apiKey: text(env, 'KASSA_API_KEY') || null,
  }
}

/** Development scripts (the schema dump) read only this. */
export function loadToolingConfig(env: Env = process.env): { pgDump: string } {
  return { pgDump: text(env, 'PG_DUMP') || CONFIG_VARIABLES.PG_DUMP.default }
}

/**
 * Runs `fn` (a Vite build) and then undoes the NODE_ENV=production Vite sets in this process when it
 * was unset, so nothing else here sees it. Here because every process.env access lives in this file.
 */
export async function restoringNodeEnv<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV
  try {
    return await fn()
  } finally {
    if (before === undefined) delete process.env.NODE_ENV
  }
}
