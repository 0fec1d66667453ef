import { Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'

export const EnvironmentQuery = StringEnum(['sandbox', 'production'] as const, {
  description: "Which environment's data; default sandbox.",
})

export const Organization = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    website: Nullable(Type.String()),
    contact_email: Nullable(Type.String()),
    telegram: Nullable(Type.String()),
    price_mode: StringEnum(['HT', 'TTC'] as const),
    min_payment: Money('Read-only (operator setting).'),
    max_payment: Money('Read-only (operator setting).'),
    fees: Type.Object(
      { percent: Type.String({ description: 'e.g. "2.90"' }), fixed: Money() },
      { description: 'Read-only (operator setting).' },
    ),
    rolling_reserve_percent: Type.String({ description: 'Read-only.' }),
    rolling_reserve_days: Type.Integer({ description: 'Read-only.' }),
    adhoc_products_enabled: Type.Boolean({ description: 'Read-only.' }),
    status: StringEnum(['active', 'suspended'] as const, { description: 'Read-only.' }),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'Organization' },
)

export const EDITABLE_FIELDS = ['name', 'website', 'contact_email', 'telegram', 'price_mode'] as const
export const READ_ONLY_FIELDS = [
  'id',
  'min_payment',
  'max_payment',
  'fees',
  'rolling_reserve_percent',
  'rolling_reserve_days',
  'adhoc_products_enabled',
  'status',
  'created_at',
  'updated_at',
] as const

/** A field the organization answers but a PATCH may not send: documented, refused with 400 naming it. */
const ReadOnly = Type.Unsafe<never>({ readOnly: true, not: {}, description: 'Read-only: sending it is a 400.' })

/** Unknown fields (additionalProperties: false) and read-only ones (`not: {}`) are 400s naming each. */
export const OrganizationPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    website: Type.Optional(Nullable(Type.String({ maxLength: 2000, format: 'uri', pattern: '^https?://' }))),
    contact_email: Type.Optional(Nullable(Type.String({ maxLength: 254, format: 'email' }))),
    telegram: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 64,
          pattern: '^@?[A-Za-z0-9_]{3,64}$',
          description: 'Telegram handle, e.g. @myshop.',
        }),
      ),
    ),
    price_mode: Type.Optional(
      StringEnum(['HT', 'TTC'] as const, { description: 'HT: prices exclude tax; TTC: prices include tax.' }),
    ),
    ...Object.fromEntries(READ_ONLY_FIELDS.map((field) => [field, Type.Optional(ReadOnly)])),
  },
  {
    additionalProperties: false,
    description: 'Editable: name, website, contact_email, telegram, price_mode. Any other field → 400 naming it.',
  },
)

const CurrencyAmount = Type.Object({ currency: Type.String(), amount: Money() })

export const Dashboard = Type.Object(
  {
    environment: EnvironmentQuery,
    organization: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      status: Type.String(),
      price_mode: Type.String(),
    }),
    wallet: Type.Object({
      source: StringEnum(['ledger'] as const, { description: 'Balances are derived from ledger entries.' }),
      balances: Type.Array(
        Type.Object({
          currency: Type.String(),
          available: Money('Spendable: settled funds net of fees, reserve and refunds.'),
          pending: Money('Paid payments whose deposit has not settled yet (gross).'),
          reserve: Money('Rolling reserve held until due.'),
          refund_held: Money('Held for refunds in flight.'),
        }),
      ),
    }),
    stats: Type.Object({
      user_count: Type.Integer(),
      transaction_count: Type.Integer(),
      paid_count: Type.Integer(),
      gross_volume: Type.Array(CurrencyAmount),
    }),
    recent_activity: Type.Array(
      Type.Object({
        id: Type.Integer({ description: 'Ledger entry id.' }),
        type: Type.String({
          description:
            'Ledger entry kind: payment_received, deposit_settled, reserve_released, refund_held, refund_completed, refund_released.',
        }),
        transaction_id: Nullable(Type.String()),
        currency: Type.String(),
        available_change: Money('Signed change of the available balance.'),
        pending_change: Money('Signed change of the pending balance.'),
        at: DateTime,
      }),
      { description: 'The 10 latest wallet movements.' },
    ),
  },
  { title: 'OrganizationDashboard' },
)
