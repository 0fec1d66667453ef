import { Type, type Static } from '@sinclair/typebox'
import { Money, Nullable, StringEnum } from '../../http/schemas.ts'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar day (UTC), e.g. 2026-11-30.' })

export const StatsQuery = Type.Object({
  from: Type.Optional(
    Type.String({ maxLength: 10, description: 'First day (UTC, YYYY-MM-DD); default 29 days before `to`.' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 10, description: 'Last day, included (UTC, YYYY-MM-DD); default today.' }),
  ),
  interval: Type.Optional(StringEnum(['day'] as const, { default: 'day', description: 'Bucket size; day only.' })),
  environment: Type.Optional(StringEnum(['sandbox', 'production'] as const, { description: 'Default sandbox.' })),
  include_incomplete: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'Count checkouts nobody tried to pay (processing, no attempt) among the payments.',
    }),
  ),
})
export type StatsInput = Static<typeof StatsQuery>

const Bucket = Type.Object({
  date: Day,
  gross_volume: Money('Gross charged by payments created this day that succeeded (refunds not deducted).'),
  payment_count: Type.Integer(),
  paid_count: Type.Integer({ description: 'Payments that succeeded (now paid, refunded or partially refunded).' }),
  refunded_amount: Money('Refunds created this day, in flight or completed.'),
})

export const CurrencyStats = Type.Object({
  currency: Type.String(),
  gross_volume: Money(),
  payment_count: Type.Integer({ description: 'Payments created in the range (incomplete checkouts only if asked).' }),
  paid_count: Type.Integer(),
  failed_count: Type.Integer(),
  incomplete_count: Type.Integer({ description: 'Checkouts never attempted (shown as "incomplete").' }),
  success_rate: Nullable(
    Type.Number({ description: 'paid_count / payment_count, 4 decimals; null without payments.' }),
  ),
  refund_count: Type.Integer(),
  refunded_amount: Money(),
  days: Type.Array(Bucket, { description: 'One bucket per day of the range, oldest first, zeros included.' }),
})

export const Stats = Type.Object(
  {
    environment: StringEnum(['sandbox', 'production'] as const),
    from: Day,
    to: Day,
    interval: Type.Literal('day'),
    time_zone: Type.Literal('UTC'),
    include_incomplete: Type.Boolean(),
    currencies: Type.Array(CurrencyStats, { description: 'Currencies with activity in the range.' }),
  },
  { title: 'OrganizationStats' },
)
export type StatsResult = Static<typeof Stats>
