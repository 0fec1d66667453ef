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

export const INFLOW_DEFAULT_API_URL = 'https://api.inflowpay.xyz'

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

function webhookSecret(env: Env, name: string, when: string): string {
  const raw = env[name] ?? ''
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
  const apiKey = (env[`${prefix}_API_KEY`] ?? '').trim()
  if (apiKey === '') throw new ConfigError(`${prefix}_API_KEY is required when ${when}`)
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    apiKey,
    webhookSecret: webhookSecret(env, `${prefix}_WEBHOOK_SECRET`, when),
    timeoutMs: integer(env, 'INFLOW_TIMEOUT_MS', 10_000, 100, 120_000),
  }
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
    sandboxProvider: oneOf(env, 'SANDBOX_PROVIDER', ['simulator', 'inflow'] as const, 'simulator'),
    inflow: env.PRODUCTION_PROVIDER === 'inflow' ? inflowConfig(env, 'INFLOW', 'PRODUCTION_PROVIDER=inflow') : null,
    inflowSandbox:
      env.SANDBOX_PROVIDER === 'inflow' ? inflowConfig(env, 'INFLOW_SANDBOX', 'SANDBOX_PROVIDER=inflow') : null,
    allowSimulatorInProduction: bool(env, 'ALLOW_SIMULATOR_IN_PRODUCTION', false),
    checkoutMaxAttempts: integer(env, 'CHECKOUT_MAX_ATTEMPTS', 5, 1, 20),
    checkoutPayRatePerToken: integer(env, 'CHECKOUT_PAY_RATE_PER_TOKEN', 20, 1, 10_000),
    checkoutPayRatePerIp: integer(env, 'CHECKOUT_PAY_RATE_PER_IP', 120, 1, 100_000),
    depositSettleDelayMs: integer(env, 'DEPOSIT_SETTLE_DELAY_MS', 5000, 0, 86_400_000),
    refundDelayMs: integer(env, 'REFUND_DELAY_MS', 2000, 0, 86_400_000),
    workerPollMs: integer(env, 'WORKER_POLL_MS', 500, 10, 60_000),
  }
  return Object.freeze(config)
}
