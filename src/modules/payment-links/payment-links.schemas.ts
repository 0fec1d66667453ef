import { Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'
import { PagingQuery } from '../../http/paging.ts'
import { PRICING_MODES } from '../../lib/tax.ts'
import { EnvironmentField, PAYMENT_STATUSES } from '../payments/index.ts'
const Currency = StringEnum(['USD', 'EUR'] as const)
const PricingMode = StringEnum(PRICING_MODES, {
  description:
    "TAX_EXCLUSIVE adds tax on top; TAX_INCLUSIVE extracts it. Default: the organization's price_mode (HT → TAX_EXCLUSIVE, TTC → TAX_INCLUSIVE).",
})
const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Free-form JSON object (≤ 8 KB), kept for the merchant.',
})

export const LinkLine = Type.Object(
  {
    product_id: Nullable(Type.String()),
    name: Type.String(),
    quantity: Type.Integer(),
    unit_price: Money("Unit price at the link's creation."),
    amount: Money(),
  },
  { title: 'PaymentLinkSnapshotLine' },
)

export const LINK_STATUSES = ['active', 'inactive', 'expired', 'used_up', 'deleted'] as const

export const PaymentLink = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: "The link's uuid (also its public token)." }),
    uuid: Type.String({ format: 'uuid' }),
    url: Type.String({ format: 'uri', description: 'The shareable page: PUBLIC_URL/l/{uuid}.' }),
    name: Type.String(),
    environment: EnvironmentField,
    currency: Currency,
    pricing_mode: PricingMode,
    products: Type.Array(LinkLine, { description: 'Snapshot of the products and prices at creation.' }),
    total: Money('Sum of the snapshot lines (before tax for TAX_EXCLUSIVE).'),
    expires_at: Nullable(DateTime),
    max_uses: Nullable(Type.Integer({ minimum: 1 })),
    metadata: Metadata,
    is_active: Type.Boolean(),
    status: StringEnum(LINK_STATUSES, { description: 'active, or why the link cannot sell.' }),
    paid_count: Type.Integer({ description: 'Successful payments collected through the link.' }),
    revenue: Money('Charged minus refunded over those payments, in the link currency.'),
    created_at: DateTime,
    updated_at: DateTime,
    deleted_at: Nullable(DateTime),
  },
  { title: 'PaymentLink' },
)

export const LinkCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Internal label for the merchant dashboard.' }),
  products: Type.Array(
    Type.Object(
      {
        product_id: Type.String({
          minLength: 1,
          maxLength: 64,
          description: 'Catalog product id (prod_…) of your organization.',
        }),
        quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
      },
      { title: 'PaymentLinkLine' },
    ),
    { minItems: 1, maxItems: 50 },
  ),
  currency: Type.Optional(StringEnum(['USD', 'EUR'] as const, { default: 'USD' })),
  pricing_mode: Type.Optional(PricingMode),
  expires_at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  max_uses: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  metadata: Type.Optional(Nullable(Type.Object({}, { additionalProperties: true }))),
  environment: Type.Optional(EnvironmentField),
})

export const LinkPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    is_active: Type.Optional(Type.Boolean()),
    expires_at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    max_uses: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    metadata: Type.Optional(Nullable(Type.Object({}, { additionalProperties: true }))),
  },
  {
    additionalProperties: true,
    description: 'products, currency and pricing_mode cannot change (400): the snapshot is fixed.',
  },
)

export const PaymentLinkQr = Type.Object(
  {
    url: Type.String({ format: 'uri', description: 'The shareable page the code opens.' }),
    qr_svg: Type.String({
      description: 'An SVG QR code of url (error correction M, 4-module quiet zone, scales to any size).',
    }),
  },
  { title: 'PaymentLinkQr' },
)

export const LinkParams = Type.Object({ uuid: Type.String({ minLength: 1, maxLength: 64 }) })

export const LinkListQuery = Type.Object({
  ...PagingQuery,
  environment: Type.Optional(EnvironmentField),
  include_deleted: Type.Optional(Type.Boolean({ default: false })),
})

export const LinkPaymentsQuery = Type.Object({
  ...PagingQuery,
  status: Type.Optional(
    StringEnum(PAYMENT_STATUSES, {
      description: 'Default: the collected payments (paid at some point, refunds included).',
    }),
  ),
})

export const PublicLink = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String({ format: 'uri' }),
    name: Type.String(),
    merchant_name: Type.String(),
    platform_name: Type.String(),
    environment: EnvironmentField,
    currency: Currency,
    pricing_mode: PricingMode,
    products: Type.Array(LinkLine),
    subtotal: Money(),
    total: Money("Sum of the snapshot; tax for the buyer's country is computed at checkout."),
    tax_note: Type.String(),
    expires_at: Nullable(DateTime),
    status: StringEnum(LINK_STATUSES),
  },
  { title: 'PublicPaymentLink' },
)
