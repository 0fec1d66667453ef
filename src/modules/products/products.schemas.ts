import { Type } from '@sinclair/typebox'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'
import { PagingQuery } from '../../http/paging.ts'
import { RECURRING_INTERVALS } from './products.service.ts'

const Interval = StringEnum(RECURRING_INTERVALS, {
  description: 'Billing interval for subscriptions; null = one-off price.',
})

export const Price = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        description: 'price_…; a subscribed price never changes amount or cadence: editing them makes a new id.',
      }),
    ),
    currency: StringEnum(['USD', 'EUR'] as const),
    amount: Money(),
    recurring_interval: Nullable(Interval),
    recurring_interval_count: Type.Optional(Type.Integer({ description: 'Bills every N intervals (default 1).' })),
    trial_days: Type.Optional(Nullable(Type.Integer({ description: 'Free trial of a subscription, 1–365 days.' }))),
  },
  { title: 'Price' },
)

export const Product = Type.Object(
  {
    id: Type.String({ description: 'prod_…' }),
    name: Type.String(),
    description: Nullable(Type.String()),
    status: StringEnum(['active', 'archived'] as const, {
      description: 'Archived products cannot be sold; past payments keep them.',
    }),
    prices: Type.Array(Price),
    recurring_interval: Nullable(Interval),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { title: 'Product' },
)

const PriceInput = Type.Object({
  currency: StringEnum(['USD', 'EUR'] as const),
  amount: Type.String({ maxLength: 20, description: 'Decimal string, e.g. "49.99".' }),
  recurring_interval: Type.Optional(Nullable(Interval)),
  recurring_interval_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  trial_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
})

export const ProductCreateBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  prices: Type.Array(PriceInput, { minItems: 1, maxItems: 2, description: 'One price per currency.' }),
  recurring_interval: Type.Optional(Nullable(Interval)),
})

export const ProductPatchBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  prices: Type.Optional(
    Type.Array(PriceInput, { minItems: 1, maxItems: 2, description: 'Replaces the whole price list.' }),
  ),
  recurring_interval: Type.Optional(Nullable(Interval)),
  status: Type.Optional(StringEnum(['active', 'archived'] as const, { description: 'Archive or restore.' })),
})

export const ProductListQuery = Type.Object({
  ...PagingQuery,
  status: Type.Optional(StringEnum(['active', 'archived'] as const)),
})

export const ProductIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
