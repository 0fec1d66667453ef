// The catalogue of every environment variable Kassa reads (docs/reference/configuration.md is
// generated from it); src/config.ts parses them.

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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const server = (type: string, dflt: string, description: string, range?: { min: number; max: number }) =>
  ({ type, default: dflt, description, audience: 'server', ...range }) satisfies ConfigVariable

/** Every environment variable Kassa reads, and only these: the parsers below take a name of this table. */
export const INFLOW_DEFAULT_API_URL = 'https://api.inflowpay.xyz'

export const CONFIG_VARIABLES = {
  PORT: server('integer', '8080', 'HTTP port.', { min: 0, max: 65535 }),
  HOST: server('string', '127.0.0.1', 'Listen address (`0.0.0.0` in containers).'),
  DATABASE_URL: server('url', '(unset)', 'PostgreSQL URL (`postgres://…`). Unset: embedded PGlite in `DATA_DIR`.'),
  DATA_DIR: server('string', './.kassa-data', 'Embedded database, the generated `SECRET_KEY`, demo credentials.'),
  PGLITE_WASM_OPTIMIZE: server(
    'boolean',
    'false',
    'Let V8 also optimise the embedded database (TurboFan): about 60 MB more memory and more start CPU for long busy runs.',
  ),
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
  PRODUCTION_PROVIDER: server(
    'string',
    'simulator',
    'Card processor for production API keys: `inflow` (Inflow Pay, needs the three `INFLOW_*` settings below), or `simulator` with `ALLOW_SIMULATOR_IN_PRODUCTION`.',
  ),
  SANDBOX_PROVIDER: server(
    'simulator|inflow',
    'simulator',
    "Card processor for sandbox API keys: the built-in simulator, or `inflow` for Inflow Pay's sandbox (needs the `INFLOW_SANDBOX_*` settings).",
  ),
  INFLOW_API_URL: server('url', INFLOW_DEFAULT_API_URL, "With `PRODUCTION_PROVIDER=inflow`: base URL of Inflow's API."),
  INFLOW_API_KEY: server(
    'string',
    '(unset)',
    'Required with `PRODUCTION_PROVIDER=inflow`: the private API key, sent as `X-Inflow-Api-Key`. Never logged.',
  ),
  INFLOW_WEBHOOK_SECRET: server(
    'string',
    '(unset)',
    'Required with `PRODUCTION_PROVIDER=inflow`: the `whsec_…` signing secret of the webhook endpoint registered at Inflow (`<PUBLIC_URL>/api/providers/inflow/webhook/`).',
  ),
  INFLOW_SANDBOX_API_URL: server(
    'url',
    '(unset)',
    "Required with `SANDBOX_PROVIDER=inflow`: base URL of Inflow's sandbox API.",
  ),
  INFLOW_SANDBOX_API_KEY: server(
    'string',
    '(unset)',
    'Required with `SANDBOX_PROVIDER=inflow`: the sandbox private API key.',
  ),
  INFLOW_SANDBOX_WEBHOOK_SECRET: server(
    'string',
    '(unset)',
    'Required with `SANDBOX_PROVIDER=inflow`: the `whsec_…` secret of the sandbox webhook endpoint.',
  ),
  INFLOW_TIMEOUT_MS: server(
    'integer',
    '10000',
    'Longest wait for an Inflow answer; a slower create or refund counts as "may have happened" and is reconciled by reading, never repeated.',
    { min: 100, max: 120_000 },
  ),
  API_KEY_CACHE_TTL_MS: server(
    'integer',
    '10000',
    'How long an API-key lookup is trusted in-process (ms): a key revoked elsewhere stops within this; 0 = no cache.',
    { min: 0, max: 60_000 },
  ),
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
  DATABASE_DIRECT_URL: server(
    'url',
    'DATABASE_URL',
    'PostgreSQL itself when `DATABASE_URL` goes through PgBouncer (transaction pooling): migrations and `LISTEN` use it.',
  ),
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: server(
    'boolean',
    'false',
    'Let `NODE_ENV=production` run on the embedded database (refused otherwise).',
  ),
  ALLOW_GENERATED_SECRET_KEY_IN_PRODUCTION: server(
    'boolean',
    'false',
    'Let `NODE_ENV=production` start without `SECRET_KEY`: one is generated once into `DATA_DIR/secret.key`.',
  ),
  METRICS_PORT: server(
    'integer',
    '(unset)',
    '`GET /metrics` (Prometheus) on its own listener on this port, no credentials.',
    {
      min: 0,
      max: 65535,
    },
  ),
  METRICS_TOKEN: server(
    'string',
    '(unset)',
    '`GET /metrics` on the API port behind `Authorization: Bearer <token>` (at least 16 characters).',
  ),
  SHUTDOWN_TIMEOUT_MS: server(
    'integer',
    '30000',
    'On SIGTERM: time for requests, jobs and deliveries in flight before the process exits.',
    { min: 0, max: 600_000 },
  ),
  WEBHOOK_RETENTION_DAYS: server('integer', '90', 'Retention of webhook attempts and settled deliveries.', {
    min: 1,
    max: 3650,
  }),
  EMAIL_RETENTION_DAYS: server('integer', '30', 'Retention of sent and stored email.', { min: 1, max: 3650 }),
  RETENTION_BATCH_SIZE: server('integer', '1000', 'Rows per delete statement of the retention task.', {
    min: 1,
    max: 100_000,
  }),
  KASSA_PASSWORD: {
    type: 'string',
    default: '(unset)',
    description:
      '`kassa merchant create`, `kassa user add`: the password (or `--password-stdin`; never on the command line).',
    audience: 'cli',
  },
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
