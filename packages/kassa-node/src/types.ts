import type { paths } from './generated/schema.ts'

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never
type Op<P extends keyof paths, M extends keyof paths[P]> = paths[P][M]
type Ok<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? Json<A>
      : R extends { 201: infer A }
        ? Json<A>
        : never
    : never
type Body<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends {
    requestBody: { content: { 'application/json': infer B } }
  }
    ? B
    : never
type Query<P extends keyof paths, M extends keyof paths[P]> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

// Every type below is taken from the generated OpenAPI types, so it changes when the API does.

/** Body of `kassa.checkout.create()` (POST /api/checkout/create/). */
export type CheckoutCreateParams = Body<'/api/checkout/create/', 'post'>
/** The created checkout: `checkout_url` is where the buyer pays. */
export type Checkout = Ok<'/api/checkout/create/', 'post'>
/** A checkout session's state (GET /api/checkout/{checkout_id}/). */
export type CheckoutSession = Ok<'/api/checkout/{checkout_id}/', 'get'>
/** A payment (GET /api/transactions/{id}/); `amount` is net of fees, `gross_amount` what the buyer paid. */
export type Payment = Ok<'/api/transactions/{id}/', 'get'>
export type PaymentStatus = Payment['status']
/** Body of `kassa.refunds.create()` (POST /api/transactions/{id}/refund/). */
export type RefundCreateParams = Body<'/api/transactions/{id}/refund/', 'post'>
/** The answer of `kassa.refunds.create()`: the refund id (`refund_public_id`, RF…) and its first status. */
export type RefundCreated = Ok<'/api/transactions/{id}/refund/', 'post'>
export type Refund = Ok<'/api/refunds/{id}/', 'get'>
export type RefundStatus = Refund['status']
/** Filters and paging of `kassa.refunds.list()` (GET /api/refunds/). */
export type RefundListParams = Query<'/api/refunds/', 'get'>
