import { type Static, Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'
import { PagingQuery } from '../../http/paging.ts'

export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'paused',
  'ended',
] as const

const Environment = StringEnum(['sandbox', 'production'] as const)
const Metadata = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }))

export const SubscriptionCreateBody = Type.Object({
  product_id: Type.String({ maxLength: 64, description: 'A catalog product with a recurring price (prod_…).' }),
  currency: StringEnum(['USD', 'EUR'] as const),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  customer: Type.Object({
    email: Type.String({ format: 'email', maxLength: 254 }),
    first_name: Type.String({ maxLength: 100 }),
    last_name: Type.String({ maxLength: 100 }),
    country: Type.String({ minLength: 2, maxLength: 2 }),
    postal_code: Type.Optional(Type.String({ maxLength: 20 })),
  }),
  trial_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  cycle_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  metadata: Type.Optional(Metadata),
  test_clock_id: Type.Optional(Type.String({ maxLength: 64 })),
  environment: Type.Optional(Environment),
})
export type SubscriptionCreateInput = Static<typeof SubscriptionCreateBody>

export const SubscriptionCharge = Type.Object(
  {
    id: Type.String({ description: 'The payment (TX…): also in GET /api/payments/ and GET /api/transactions/{id}/.' }),
    kind: StringEnum(['initial', 'renewal', 'retry', 'manual', 'proration'] as const),
    period_index: Type.Integer(),
    status: Type.String(),
    amount: Money('Charged to the customer (tax included).'),
    currency: Type.String(),
    created_at: DateTime,
    paid_at: Nullable(DateTime),
  },
  { title: 'SubscriptionCharge' },
)

export const Subscription = Type.Object(
  {
    id: Type.String({ description: 'sub_…' }),
    environment: Environment,
    status: StringEnum(SUBSCRIPTION_STATUSES),
    product_id: Type.String(),
    plan: Type.Object({
      product_id: Type.String(),
      price_id: Nullable(
        Type.String({
          description: 'The catalog price (price_…) it is billed at; kept when the catalog price is edited.',
        }),
      ),
      name: Type.String(),
      unit_amount: Money(),
      currency: Type.String(),
      recurring_interval: StringEnum(['day', 'week', 'month', 'year'] as const),
      recurring_interval_count: Type.Integer(),
    }),
    quantity: Type.Integer(),
    currency: Type.String(),
    amount: Money('unit_amount × quantity per period, before tax.'),
    credit_balance: Money('Credit from plan changes (prorations), paid first toward the next charges.'),
    customer: Type.Object({
      id: Type.String(),
      email: Type.String(),
      first_name: Type.String(),
      last_name: Type.String(),
      country: Type.String(),
      postal_code: Nullable(Type.String()),
      card: Nullable(Type.Object({ brand: Nullable(Type.String()), last4: Type.String() })),
    }),
    current_period_start: Nullable(DateTime),
    current_period_end: Nullable(DateTime),
    trial_end: Nullable(DateTime),
    cancel_at_period_end: Type.Boolean(),
    canceled_at: Nullable(DateTime),
    next_charge_at: Nullable(DateTime),
    cycle_count: Nullable(Type.Integer()),
    cycles_billed: Type.Integer(),
    metadata: Metadata,
    test_clock_id: Nullable(Type.String()),
    billing_url: Type.String({ description: 'The customer page (/billing/{token}).' }),
    checkout_url: Type.Optional(Type.String({ description: 'On create: where the customer pays the first charge.' })),
    charges: Type.Optional(Type.Array(SubscriptionCharge)),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'Subscription' },
)

export const SubscriptionListQuery = Type.Object({
  ...PagingQuery,
  environment: Type.Optional(Environment),
  status: Type.Optional(StringEnum(SUBSCRIPTION_STATUSES)),
  customer: Type.Optional(Type.String({ maxLength: 254, description: "The customer's email." })),
  product_id: Type.Optional(Type.String({ maxLength: 64 })),
})

export const SubscriptionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export const EnvironmentQuery = Type.Object({ environment: Type.Optional(Environment) })
export const CancelBody = Type.Object({ at_period_end: Type.Optional(Type.Boolean({ default: true })) })
export const ChargeBody = Type.Object({
  kind: StringEnum(['manual', 'retry'] as const),
  amount: Type.Optional(Type.String({ maxLength: 20, description: 'Decimal string; manual charges only.' })),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
})

export const TestClock = Type.Object(
  {
    id: Type.String({ description: 'clock_…' }),
    frozen_time: DateTime,
    status: StringEnum(['ready', 'advancing'] as const),
    created_at: DateTime,
  },
  { title: 'TestClock' },
)
export const TestClockBody = Type.Object({ frozen_time: Type.String({ format: 'date-time' }) })

export const ChangeBody = Type.Object({
  product_id: Type.Optional(Type.String({ maxLength: 64, description: 'The new plan: same cadence and currency.' })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  metadata: Type.Optional(Metadata),
  proration_behavior: Type.Optional(
    StringEnum(['create_prorations', 'none'] as const, {
      description:
        'create_prorations (default): credit the unused time of the old plan, charge the rest of the period of the new one now.',
    }),
  ),
})

export const ChangePreview = Type.Object(
  {
    currency: Type.String(),
    proration_date: DateTime,
    lines: Type.Array(
      Type.Object({
        kind: StringEnum(['unused_time', 'remaining_time'] as const),
        amount: Type.String({ description: 'Negative: a credit.' }),
        from: DateTime,
        to: DateTime,
      }),
    ),
    total: Type.String({ description: 'Σ lines, before tax; negative: a credit.' }),
    credit_applied: Money('Taken from the credit balance.'),
    amount_due: Money('Charged at once (before tax; tax as for checkout).'),
    credit_balance_after: Money(),
  },
  { title: 'SubscriptionChangePreview' },
)
