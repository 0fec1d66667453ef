import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONFIG_VARIABLES, type ConfigVariable, INFLOW_DEFAULT_API_URL, LOG_LEVELS } from './config.variables.ts'

/** Every setting Kassa reads, parsed once at start and frozen. A bad value stops the start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string | null
  /**
   * DATABASE_DIRECT_URL: PostgreSQL itself when DATABASE_URL goes through PgBouncer in transaction
   * pooling; migrations and LISTEN (which need one session) use it. Default: DATABASE_URL.
   */
  databaseDirectUrl: string | null
  dataDir: string
  /** PGLITE_WASM_OPTIMIZE: V8's optimising compiler for the embedded database too (see src/db/database.ts). */
  pgliteWasmOptimize: boolean
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
  /** Card processor of sandbox API keys (SANDBOX_PROVIDER): the simulator unless set to inflow. */
  sandboxProvider: string
  /** Inflow Pay for production (PRODUCTION_PROVIDER=inflow), else null. */
  inflow: InflowConfig | null
  /** Inflow Pay's sandbox for sandbox keys (SANDBOX_PROVIDER=inflow), else null. */
  inflowSandbox: InflowConfig | null
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
  /** /metrics on its own port (METRICS_PORT), and/or on the API port behind a Bearer token (METRICS_TOKEN). */
  metricsPort: number | null
  metricsToken: string | null
  /** SIGTERM: how long in-flight requests, jobs and deliveries get before the process exits (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number
  /** Retention: webhook attempts and settled deliveries (WEBHOOK_RETENTION_DAYS, default 90)… */
  webhookRetentionDays: number
  /** …sent and stored email (EMAIL_RETENTION_DAYS, default 30); rows per delete (RETENTION_BATCH_SIZE). */
  emailRetentionDays: number
  retentionBatchSize: number
}

export interface InflowConfig {
  apiUrl: string
  apiKey: string
  /** `whsec_…` of the webhook endpoint registered at Inflow. */
  webhookSecret: string
  /** A create or refund that takes longer is treated as "may have happened": reconciled by reading. */
  timeoutMs: number
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

export { CONFIG_VARIABLES, type ConfigVariable, INFLOW_DEFAULT_API_URL } from './config.variables.ts'

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

function metricsToken(env: Env): string | null {
  const raw = text(env, 'METRICS_TOKEN') ?? ''
  if (raw === '') return null
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters')
  return raw
}

function webhookSecret(env: Env, name: Name, when: string): string {
  const raw = text(env, name) ?? ''
  if (raw === '') throw new ConfigError(`${name} is required when ${when}`)
  const body = raw.startsWith('whsec_') ? raw.slice('whsec_'.length) : ''
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || Buffer.from(body, 'base64').length < 16)
    throw new ConfigError(`${name} must be the whsec_… signing secret of the webhook endpoint registered at Inflow`)
  return raw
}

/** Inflow settings of one environment; every missing setting stops the start, naming it. */
function inflowConfig(env: Env, prefix: 'INFLOW' | 'INFLOW_SANDBOX', when: string): InflowConfig {
  const apiUrl = url(env, `${prefix}_API_URL`, prefix === 'INFLOW' ? INFLOW_DEFAULT_API_URL : null, ['http:', 'https:'])
  if (!apiUrl) throw new ConfigError(`${prefix}_API_URL is required when ${when}`)
  const apiKey = (text(env, `${prefix}_API_KEY`) ?? '').trim()
  if (apiKey === '') throw new ConfigError(`${prefix}_API_KEY is required when ${when}`)
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    apiKey,
    webhookSecret: webhookSecret(env, `${prefix}_WEBHOOK_SECRET`, when),
    timeoutMs: integer(env, 'INFLOW_TIMEOUT_MS'),
  }
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
  if (nodeEnv === 'production' && !databaseUrl && !bool(env, 'ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION'))
    throw new ConfigError(
      'NODE_ENV=production needs DATABASE_URL (PostgreSQL): the embedded database is one process on one disk. Set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true to run on it anyway',
    )
  let secretKey = text(env, 'SECRET_KEY') ?? ''
  if (secretKey === '') {
    if (nodeEnv === 'production' && !bool(env, 'ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION'))
      throw new ConfigError(
        'SECRET_KEY is required when NODE_ENV=production (at least 32 characters, the same on every process). Set ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION=true to generate one and keep it in DATA_DIR/secret.key instead',
      )
    secretKey = databaseUrl && nodeEnv === 'test' ? randomBytes(32).toString('base64url') : embeddedSecretKey(dataDir)
  } else if (secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY must be at least 32 characters')
  }
  const config: Config = {
    nodeEnv,
    port,
    host,
    databaseUrl,
    databaseDirectUrl: url(env, 'DATABASE_DIRECT_URL', null, ['postgres:', 'postgresql:']) ?? databaseUrl,
    dataDir,
    pgliteWasmOptimize: bool(env, 'PGLITE_WASM_OPTIMIZE'),
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
    sandboxProvider: oneOf(env, 'SANDBOX_PROVIDER', ['simulator', 'inflow'] as const, 'simulator'),
    inflow:
      text(env, 'PRODUCTION_PROVIDER') === 'inflow' ? inflowConfig(env, 'INFLOW', 'PRODUCTION_PROVIDER=inflow') : null,
    inflowSandbox:
      text(env, 'SANDBOX_PROVIDER') === 'inflow'
        ? inflowConfig(env, 'INFLOW_SANDBOX', 'SANDBOX_PROVIDER=inflow')
        : null,
    allowSimulatorInProduction: bool(env, 'ALLOW_SIMULATOR_IN_PRODUCTION'),
    checkoutMaxAttempts: integer(env, 'CHECKOUT_MAX_ATTEMPTS'),
    checkoutPayRatePerToken: integer(env, 'CHECKOUT_PAY_RATE_PER_TOKEN'),
    checkoutPayRatePerIp: integer(env, 'CHECKOUT_PAY_RATE_PER_IP'),
    depositSettleDelayMs: integer(env, 'DEPOSIT_SETTLE_DELAY_MS'),
    refundDelayMs: integer(env, 'REFUND_DELAY_MS'),
    workerPollMs: integer(env, 'WORKER_POLL_MS'),
    metricsPort: text(env, 'METRICS_PORT') ? integer(env, 'METRICS_PORT') : null,
    metricsToken: metricsToken(env),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS'),
    webhookRetentionDays: integer(env, 'WEBHOOK_RETENTION_DAYS'),
    emailRetentionDays: integer(env, 'EMAIL_RETENTION_DAYS'),
    retentionBatchSize: integer(env, 'RETENTION_BATCH_SIZE'),
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

/** The password a CLI command takes from the environment (KASSA_PASSWORD), when not piped with --password-stdin. */
export const cliPasswordFromEnv = (env: Env = process.env): string => text(env, 'KASSA_PASSWORD') ?? ''
