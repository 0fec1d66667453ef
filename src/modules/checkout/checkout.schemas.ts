import { Type, type Static } from '@sinclair/typebox'
import { Money, StringEnum } from '../../http/schemas.ts'

export const SANDBOX_SIMULATIONS = [
  'payment_failed',
  'checkout_canceled',
  'canceled',
  'success_pending_deposit',
  'checkout_pending',
] as const

export const ProductItem = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Catalog product id (prod_…). Name and price come from the catalog.',
      }),
    ),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Ad-hoc item name (only when ad-hoc items are enabled).',
      }),
    ),
    unit_price: Type.Optional(
      Type.Union([Type.String(), Type.Number()], { description: 'Ad-hoc unit price, e.g. 29.99 or "29.99".' }),
    ),
  },
  { title: 'ProductItem' },
)

const urlField = (what: string) =>
  Type.Optional(Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://', description: what }))

export const CheckoutCreateBody = Type.Object({
  billing_country: Type.String({ minLength: 1, maxLength: 2, description: 'ISO 3166-1 alpha-2 country code.' }),
  billing_postal_code: Type.Optional(
    Type.String({ maxLength: 20, description: 'Required when billing_country is US.' }),
  ),
  billing_first_name: Type.String({ minLength: 1, maxLength: 100 }),
  billing_last_name: Type.String({ minLength: 1, maxLength: 100 }),
  billing_email: Type.String({ format: 'email', maxLength: 254 }),
  billing_phone: Type.Optional(Type.String({ maxLength: 32 })),
  currency: Type.Optional(
    StringEnum(['USD', 'EUR'] as const, {
      default: 'USD',
      description: 'Charge currency; omitted values default to USD.',
    }),
  ),
  products: Type.Array(ProductItem, { minItems: 1, maxItems: 100 }),
  successUrl: urlField('Where the page sends the customer after a successful payment.'),
  failedUrl: urlField('Where the page sends the customer after the payment failed.'),
  cancelUrl: urlField('Where the page sends the customer after canceling.'),
  sandbox_simulate: Type.Optional(
    StringEnum(SANDBOX_SIMULATIONS, { description: 'Sandbox API key only; rejected with production keys.' }),
  ),
  expires_in_minutes: Type.Optional(
    Type.Integer({ minimum: 30, maximum: 1440, description: 'Session lifetime; default 1440 (24 h).' }),
  ),
})
export type CheckoutCreateInput = Static<typeof CheckoutCreateBody>

export const CheckoutCreated = Type.Object({
  checkout_id: Type.String(),
  order_id: Type.String(),
  checkout_url: Type.String({ format: 'uri' }),
  token: Type.String(),
  expires_at: Type.Integer({ description: 'Unix seconds.' }),
  transaction_id: Type.String({ description: 'Public id of the payment (TX…).' }),
  amount: Money('Total charged (tax included).'),
  subtotal: Money(),
  tax_amount: Money(),
  currency: Type.String(),
})

export const CheckoutStatus = Type.Object({
  checkout_id: Type.String(),
  order_id: Type.String(),
  status: Type.String({ description: 'open, complete, failed, canceled or expired.' }),
  transaction_id: Type.String(),
  transaction_status: Type.String(),
  amount: Money(),
  currency: Type.String(),
  expires_at: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
})
