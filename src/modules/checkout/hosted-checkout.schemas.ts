import { Type, type Static } from '@sinclair/typebox'
import { Money, Nullable, StringEnum } from '../../http/schemas.ts'

// Public JSON endpoints of the hosted checkout page: no API key, the signed checkout token authorises.

const Token = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'The checkout token (the last path segment of checkout_url).',
})

export const TokenBody = Type.Object({ token: Token })

export const CardFields = Type.Object(
  {
    number: Type.String({ maxLength: 40, description: 'Card number; spaces allowed. Never stored, never logged.' }),
    expiry: Type.String({ maxLength: 12, description: 'Expiry date "MM / YY".' }),
    cvc: Type.String({ maxLength: 8, description: 'Never stored, never logged.' }),
    name: Type.Optional(
      Type.String({ maxLength: 200, description: 'Name on card (optional; defaults to the billing name).' }),
    ),
  },
  { title: 'CardFields' },
)

export const PayBody = Type.Object({
  token: Token,
  card: Type.Optional(CardFields),
})
export type PayBodyInput = Static<typeof PayBody>

export const ChallengeBody = Type.Object({
  token: Token,
  action: StringEnum(['complete', 'fail'] as const, {
    description: 'The customer passed (complete) or failed the 3-D Secure challenge.',
  }),
})

const syncFields = {
  status: StringEnum(['SUCCESS', 'FAILED', 'CANCELED', 'PENDING'] as const, {
    description: 'Outcome of the checkout for the page.',
  }),
  payment_status: Type.String({ description: 'Status of the payment (processing, paid, failed, canceled, …).' }),
  deposit_status: Type.String({ description: 'none, pending or succeeded.' }),
  checkout_status: Type.String({ description: 'open, complete, failed, canceled or expired.' }),
  redirect_url: Nullable(
    Type.String({
      description:
        "Where to send the customer: successUrl/failedUrl/cancelUrl with checkout_id, order_id and transaction_id appended, else the page's own result view; null while PENDING.",
    }),
  ),
  checkout_id: Type.String(),
  order_id: Type.String(),
  transaction_id: Type.String(),
}

export const SyncStatusAnswer = Type.Object(syncFields, { title: 'CheckoutSyncStatus' })

export const AttemptAnswer = Type.Object(
  {
    result: StringEnum(['succeeded', 'declined', 'requires_action', 'failed', 'canceled', 'pending'] as const, {
      description:
        'succeeded: paid; declined: try again; requires_action: 3-D Secure challenge; failed: too many failures; canceled / pending: scripted outcomes.',
    }),
    message: Nullable(Type.String({ description: 'Why the attempt was declined.' })),
    attempts_remaining: Type.Integer(),
    ...syncFields,
  },
  { title: 'CheckoutAttempt' },
)

export const SessionDisplay = Type.Object(
  {
    ...syncFields,
    platform_name: Type.String(),
    merchant_name: Type.String(),
    environment: Type.String(),
    currency: Type.String(),
    line_items: Type.Array(
      Type.Object({ name: Type.String(), quantity: Type.Integer(), unit_price: Money(), amount: Money() }),
    ),
    subtotal: Money(),
    tax_amount: Money(),
    tax_rate: Type.String({ description: 'Percent, e.g. "20.00".' }),
    total: Money(),
    billing: Type.Object({
      first_name: Type.String(),
      last_name: Type.String(),
      email: Type.String(),
      phone: Nullable(Type.String()),
      country: Type.String(),
      postal_code: Nullable(Type.String()),
    }),
    sandbox_simulate: Nullable(
      Type.String({ description: 'Scripted outcome the Pay button completes (sandbox, internal simulation).' }),
    ),
    challenge_pending: Type.Boolean(),
    expires_at: Type.Integer(),
    attempts_remaining: Type.Integer(),
  },
  { title: 'CheckoutSessionDisplay' },
)
