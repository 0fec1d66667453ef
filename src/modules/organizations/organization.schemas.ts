import { Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'

export const EnvironmentQuery = StringEnum(['sandbox', 'production'] as const, { description: 'Which environment\'s data; default sandbox.' })

export const Organization = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  website: Nullable(Type.String()),
  contact_email: Nullable(Type.String()),
  telegram: Nullable(Type.String()),
  price_mode: StringEnum(['HT', 'TTC'] as const),
  min_payment: Money('Read-only (operator setting).'),
  max_payment: Money('Read-only (operator setting).'),
  fees: Type.Object({ percent: Type.String({ description: 'e.g. "2.90"' }), fixed: Money() }, { description: 'Read-only (operator setting).' }),
  rolling_reserve_percent: Type.String({ description: 'Read-only.' }),
  rolling_reserve_days: Type.Integer({ description: 'Read-only.' }),
  adhoc_products_enabled: Type.Boolean({ description: 'Read-only.' }),
  status: StringEnum(['active', 'suspended'] as const, { description: 'Read-only.' }),
  created_at: DateTime,
  updated_at: DateTime,
}, { title: 'Organization' })

export const EDITABLE_FIELDS = ['name', 'website', 'contact_email', 'telegram', 'price_mode'] as const

/** Unknown and read-only fields are refused by the service, naming each; hence additionalProperties. */
export const OrganizationPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  website: Type.Optional(Nullable(Type.String({ maxLength: 2000, format: 'uri', pattern: '^https?://' }))),
  contact_email: Type.Optional(Nullable(Type.String({ maxLength: 254, format: 'email' }))),
  telegram: Type.Optional(Nullable(Type.String({ maxLength: 64, pattern: '^@?[A-Za-z0-9_]{3,64}$', description: 'Telegram handle, e.g. @myshop.' }))),
  price_mode: Type.Optional(StringEnum(['HT', 'TTC'] as const, { description: 'HT: prices exclude tax; TTC: prices include tax.' })),
}, { additionalProperties: true, description: 'Editable: name, website, contact_email, telegram, price_mode. Any other field → 400 naming it.' })

const CurrencyAmount = Type.Object({ currency: Type.String(), amount: Money() })

export const Dashboard = Type.Object({
  environment: EnvironmentQuery,
  organization: Type.Object({ id: Type.Integer(), name: Type.String(), status: Type.String(), price_mode: Type.String() }),
  wallet: Type.Object({
    source: StringEnum(['ledger', 'transactions'] as const, { description: 'Where the figures come from.' }),
    balances: Type.Array(Type.Object({
      currency: Type.String(),
      available: Money('Settled funds, net of fees and refunds.'),
      pending: Money('Paid, deposit not settled yet.'),
      reserved: Money('Held (rolling reserve, refunds in flight).'),
    })),
  }),
  stats: Type.Object({
    user_count: Type.Integer(),
    transaction_count: Type.Integer(),
    paid_count: Type.Integer(),
    gross_volume: Type.Array(CurrencyAmount),
  }),
  recent_activity: Type.Array(Type.Object({
    type: Type.String({ description: 'payment or refund' }),
    transaction_id: Type.String(),
    amount: Money('Signed: credits positive, debits negative.'),
    currency: Type.String(),
    status: Type.String(),
    at: DateTime,
  })),
}, { title: 'OrganizationDashboard' })

export const OrgUser = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: StringEnum(['owner', 'admin', 'developer', 'viewer'] as const),
  two_factor_enabled: Type.Boolean(),
  created_at: DateTime,
}, { title: 'OrganizationUser' })
