import { Type, type Static } from '@sinclair/typebox'
import { CursorQuery } from '../../http/paging.ts'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'
import { PAYMENT_STATUSES, DepositAttempt, ReviewFlag } from './transactions.schemas.ts'
import { REFUND_STATUSES } from '../../db/types.ts'

/** A refund of a payment: GET /api/refunds/ items and the `refunds` of a payment's detail. */
export const Refund = Type.Object(
  {
    id: Type.String({ description: 'Public id (RF…).' }),
    numeric_id: Type.Integer(),
    transaction_id: Type.String({ description: 'Public id of the refunded payment (TX…).' }),
    amount: Money(),
    currency: Type.String(),
    amount_in_cents: Type.Integer(),
    amount_usd: Money(),
    fx_rate: Type.String({ description: "USD per unit of the charge currency at the refund's creation." }),
    reason: Type.String(),
    status: StringEnum(REFUND_STATUSES),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'Refund' },
)

export const EnvironmentField = StringEnum(['sandbox', 'production'] as const, {
  description: 'Which data the dashboard works on; default sandbox.',
})

/** One payment in the dashboard lists (GET /api/payments/, a payment link's payments). */
export const PaymentSummary = Type.Object(
  {
    id: Type.String({ description: 'Public id (TX…).' }),
    numeric_id: Type.Integer(),
    order_id: Type.String(),
    checkout_id: Type.String(),
    environment: EnvironmentField,
    status: StringEnum(PAYMENT_STATUSES),
    currency: Type.String(),
    amount: Money('NET amount after fees.'),
    gross_amount: Money('Amount charged to the customer (tax included).'),
    fee_amount: Money(),
    tax_amount: Money(),
    amount_refunded: Money(),
    amount_usd: Money(),
    payer_email: Type.String(),
    payment_link_id: Nullable(Type.String({ description: 'uuid of the payment link the payment came through.' })),
    card: Nullable(Type.Object({ brand: Nullable(Type.String()), last4: Type.String() })),
    paid_at: Nullable(DateTime),
    attempted: Type.Boolean({
      description:
        'Whether anyone tried to pay (a deposit attempt exists). A processing payment never attempted is an abandoned checkout: the dashboard labels it "incomplete" and leaves it out of its counts.',
    }),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'PaymentSummary' },
)

const PaymentEvent = Type.Object(
  {
    id: Type.String({ description: 'evt_…' }),
    type: Type.String(),
    status: Nullable(Type.String({ description: 'Payment status the event carried.' })),
    created_at: DateTime,
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'PaymentEvent' },
)

export const PaymentDetail = Type.Composite(
  [
    PaymentSummary,
    Type.Object({
      products: Type.Array(
        Type.Object({
          id: Nullable(Type.String()),
          name: Type.String(),
          quantity: Type.Integer(),
          unit_price: Money(),
        }),
      ),
      billing: Type.Object({
        first_name: Type.String(),
        last_name: Type.String(),
        email: Type.String(),
        phone: Nullable(Type.String()),
        country: Type.String(),
        postal_code: Nullable(Type.String()),
      }),
      deposit_status: Type.String(),
      cancel_reason: Nullable(Type.String()),
      review: ReviewFlag,
      attempts: Type.Array(DepositAttempt, { description: 'Deposit attempts, newest first.' }),
      depositAttempts: Type.Array(DepositAttempt, {
        description: 'Same as attempts (name of the API payment object).',
      }),
      refunds: Type.Array(Refund, { description: 'Newest first.' }),
      events: Type.Array(PaymentEvent, {
        description: 'transaction.status_changed events of the payment, newest first.',
      }),
    }),
  ],
  { title: 'PaymentDetail' },
)

export const PAYMENT_ORDERINGS = ['created_at', '-created_at', 'amount', '-amount'] as const

export const PaymentListQuery = Type.Object({
  environment: Type.Optional(EnvironmentField),
  status: Type.Optional(StringEnum(PAYMENT_STATUSES)),
  currency: Type.Optional(StringEnum(['USD', 'EUR'] as const)),
  created_at__gte: Type.Optional(
    Type.String({ maxLength: 40, description: 'ISO 8601 date-time (or date, read as UTC midnight).' }),
  ),
  created_at__lte: Type.Optional(
    Type.String({ maxLength: 40, description: 'ISO 8601 date-time (or date, read as UTC midnight).' }),
  ),
  search: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Payment id (TX… or numeric), payer email (part of it), or order/checkout id.',
    }),
  ),
  ordering: Type.Optional(StringEnum(PAYMENT_ORDERINGS, { default: '-created_at' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  ...CursorQuery,
})
export type PaymentListInput = Static<typeof PaymentListQuery>
