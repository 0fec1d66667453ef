import { Type, type Static } from '@sinclair/typebox'
import { Money, StringEnum } from '../../http/schemas.ts'
import { CursorQuery } from '../../http/paging.ts'
import { REFUND_STATUSES } from './refunds.table.ts'
import { Refund } from '../payments/index.ts'
// The refund object itself (`Refund`) is declared with the payment it belongs to (payments.schemas.ts).
export { Refund }

export const REFUND_ORDERINGS = ['created_at', '-created_at', 'amount', '-amount'] as const

export const RefundCreateBody = Type.Object({
  reason: Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'Reason shown to the customer and sent to the payment provider.',
  }),
  amount: Type.Optional(
    Type.String({
      maxLength: 20,
      description:
        'Partial refund amount in the charge currency (TTC), e.g. "40.00". Omit for the full remaining refundable amount.',
    }),
  ),
})
export type RefundCreateInput = Static<typeof RefundCreateBody>

export const RefundCreated = Type.Object(
  {
    status: Type.Literal('processing'),
    refund_id: Type.Integer({ description: 'Numeric refund id.' }),
    refund_public_id: Type.String({ description: 'Public refund id (RF…).' }),
    transaction_id: Type.Integer({ description: 'Numeric id of the refunded payment.' }),
    amount: Money('Refund amount in the charge currency.'),
    currency: Type.String(),
    amount_usd: Money('`amount` in USD at the rate stored on the refund.'),
    amount_in_cents: Type.Integer(),
  },
  { title: 'RefundCreated' },
)

export const RefundListQuery = Type.Object({
  status: Type.Optional(StringEnum(REFUND_STATUSES)),
  created_at__gte: Type.Optional(
    Type.String({ maxLength: 40, description: 'ISO 8601 date-time (or date, read as UTC midnight).' }),
  ),
  created_at__lte: Type.Optional(
    Type.String({ maxLength: 40, description: 'ISO 8601 date-time (or date, read as UTC midnight).' }),
  ),
  search: Type.Optional(
    Type.String({ maxLength: 200, description: 'Payment id (TX… or numeric) or text in the refund reason.' }),
  ),
  ordering: Type.Optional(StringEnum(REFUND_ORDERINGS, { default: '-created_at' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  ...CursorQuery,
})
export type RefundListInput = Static<typeof RefundListQuery>
