import { Type } from '@sinclair/typebox'

/** `page` (from 1) and `page_size` (1–100, default 50); the total goes in the X-Total-Count header. */
export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
}

export const TotalCountHeader = { 'x-total-count': Type.Integer({ description: 'Number of items over all pages.' }) }
