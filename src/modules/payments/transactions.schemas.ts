import { Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'

export const PAYMENT_STATUSES = [
  'processing',
  'paid',
  'failed',
  'canceled',
  'refund_pending',
  'partially_refunded',
  'refunded',
] as const

/** Set when the card processor's amount or currency differed from Kassa's: no money moved, a person must look. */
export const ReviewFlag = Nullable(
  Type.Object(
    {
      reason: Type.String({
        description: 'For example "amount_mismatch: the processor reports 26.00 USD, Kassa expects 25.00 USD".',
      }),
      flagged_at: DateTime,
    },
    { title: 'ReviewFlag', description: 'Null unless the payment is flagged for review.' },
  ),
)

export const DepositAttempt = Type.Object(
  {
    status: Type.String({ description: 'succeeded, requires_payment_method, …' }),
    paymentId: Type.String(),
    attemptedAt: DateTime,
    errorMessage: Nullable(Type.String()),
    paymentMethod: Type.String(),
  },
  { title: 'DepositAttempt' },
)

export const Transaction = Type.Object(
  {
    id: Type.String({ description: 'Public id (TX…).' }),
    numeric_id: Type.Integer(),
    order_id: Type.String(),
    checkout_id: Type.String(),
    amount: Money('NET amount after fees.'),
    gross_amount: Money('Amount charged to the customer (tax included).'),
    fee_amount: Money(),
    tax_amount: Money(),
    amount_refunded: Money(),
    amount_usd: Money('`amount` in USD at the rate stored on the payment.'),
    fx_rate: Type.String(),
    status: StringEnum(PAYMENT_STATUSES),
    deposit_status: Type.String({ description: 'none, pending or succeeded.' }),
    currency: Type.String(),
    payer_email: Type.String(),
    products: Type.Array(
      Type.Object({ id: Nullable(Type.String()), name: Type.String(), quantity: Type.Integer(), unit_price: Money() }),
    ),
    card: Nullable(
      Type.Object({
        brand: Nullable(Type.String()),
        last4: Type.String(),
        exp_month: Nullable(Type.Integer()),
        exp_year: Nullable(Type.Integer()),
      }),
    ),
    subscription_id: Type.Optional(
      Nullable(Type.String({ description: 'The subscription (sub_…) a subscription charge belongs to.' })),
    ),
    charge_kind: Type.Optional(Nullable(StringEnum(['initial', 'renewal', 'retry', 'manual', 'proration'] as const))),
    created_at: DateTime,
    updated_at: DateTime,
    depositAttempts: Type.Array(DepositAttempt, { description: 'Every attempt, newest first.' }),
    review: ReviewFlag,
  },
  { title: 'Transaction' },
)
