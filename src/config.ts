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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`)
  }
  return raw as T
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`)
  }
  return Number(raw)
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['true', '1', 'yes', 'on'].includes(raw)) return true
  if (['false', '0', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`)
}

function url(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
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
  const port = integer(env, 'PORT', 8080, 0, 65535)
  const host = env.HOST || '127.0.0.1'
  const databaseUrl = url(env, 'DATABASE_URL', null, ['postgres:', 'postgresql:'])
  const dataDir = resolve(env.DATA_DIR || '.kassa-data')
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  const publicUrl = (url(env, 'PUBLIC_URL', `http://${displayHost}:${port}`, ['http:', 'https:']) as string).replace(
    /\/+$/,
    '',
  )
  const platformName = (env.PLATFORM_NAME ?? 'Kassa').trim()
  if (platformName.length === 0 || platformName.length > 60)
    throw new ConfigError('PLATFORM_NAME must be 1 to 60 characters')
  let secretKey = env.SECRET_KEY ?? ''
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
    allowPrivateWebhookUrls: bool(env, 'ALLOW_PRIVATE_WEBHOOK_URLS', nodeEnv !== 'production'),
    allowSignup: bool(env, 'ALLOW_SIGNUP', false),
    smtpUrl: url(env, 'SMTP_URL', null, ['smtp:', 'smtps:']),
    emailFrom: (env.EMAIL_FROM ?? '').trim() || `${platformName} <no-reply@localhost>`,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 60, 1, 7 * 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 90),
    productionProvider: env.PRODUCTION_PROVIDER || 'simulator',
    allowSimulatorInProduction: bool(env, 'ALLOW_SIMULATOR_IN_PRODUCTION', false),
    checkoutMaxAttempts: integer(env, 'CHECKOUT_MAX_ATTEMPTS', 5, 1, 20),
    checkoutPayRatePerToken: integer(env, 'CHECKOUT_PAY_RATE_PER_TOKEN', 20, 1, 10_000),
    checkoutPayRatePerIp: integer(env, 'CHECKOUT_PAY_RATE_PER_IP', 120, 1, 100_000),
    depositSettleDelayMs: integer(env, 'DEPOSIT_SETTLE_DELAY_MS', 5000, 0, 86_400_000),
    refundDelayMs: integer(env, 'REFUND_DELAY_MS', 2000, 0, 86_400_000),
    workerPollMs: integer(env, 'WORKER_POLL_MS', 500, 10, 60_000),
    apiKeyCacheTtlMs: integer(env, 'API_KEY_CACHE_TTL_MS', 10_000, 0, 60_000),
  }
  return Object.freeze(config)
}
