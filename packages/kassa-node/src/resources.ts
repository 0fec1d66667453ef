import { PageList } from './paging.ts'
import { unwrap, unwrapList, type Requester, type RequestOptions } from './request.ts'
import type { WithResponse } from './response.ts'
import type {
  Checkout,
  CheckoutCreateParams,
  CheckoutSession,
  Payment,
  Refund,
  RefundCreateParams,
  RefundCreated,
  RefundListParams,
} from './types.ts'

/** Hosted checkout sessions (scope checkout:create; reading also payments:read). */
export class CheckoutResource {
  constructor(private readonly r: Requester) {}

  /** POST /api/checkout/create/ — a session to send the buyer to (`checkout_url`). */
  async create(params: CheckoutCreateParams, options?: RequestOptions): Promise<WithResponse<Checkout>> {
    const { idempotencyKey, init } = this.r.init('POST', options)
    return unwrap(await this.r.api.POST('/api/checkout/create/', { body: params, ...init }), idempotencyKey)
  }

  /** GET /api/checkout/{checkout_id}/ — the session's status and its payment id. */
  async get(checkoutId: string, options?: RequestOptions): Promise<WithResponse<CheckoutSession>> {
    const { init } = this.r.init('GET', options)
    return unwrap(
      await this.r.api.GET('/api/checkout/{checkout_id}/', { params: { path: { checkout_id: checkoutId } }, ...init }),
      undefined,
    )
  }
}

/** Payments (scope payments:read). */
export class PaymentsResource {
  constructor(private readonly r: Requester) {}

  /** GET /api/transactions/{id}/ — by public id (TX…) or numeric id. */
  async get(id: string, options?: RequestOptions): Promise<WithResponse<Payment>> {
    const { init } = this.r.init('GET', options)
    return unwrap(await this.r.api.GET('/api/transactions/{id}/', { params: { path: { id } }, ...init }), undefined)
  }
}

/** Refunds (scopes refunds:write to create, refunds:read to read). */
export class RefundsResource {
  constructor(private readonly r: Requester) {}

  /** POST /api/transactions/{id}/refund/ — full (no `amount`) or partial refund of a paid payment. */
  async create(
    paymentId: string,
    params: RefundCreateParams,
    options?: RequestOptions,
  ): Promise<WithResponse<RefundCreated>> {
    const { idempotencyKey, init } = this.r.init('POST', options)
    return unwrap(
      await this.r.api.POST('/api/transactions/{id}/refund/', {
        params: { path: { id: paymentId } },
        body: params,
        ...init,
      }),
      idempotencyKey,
    )
  }

  /** GET /api/refunds/{id}/ — by public id (RF…) or numeric id. */
  async get(id: string, options?: RequestOptions): Promise<WithResponse<Refund>> {
    const { init } = this.r.init('GET', options)
    return unwrap(await this.r.api.GET('/api/refunds/{id}/', { params: { path: { id } }, ...init }), undefined)
  }

  /**
   * GET /api/refunds/ — `await` for one page (`data`, `total`, `nextPage()`), or `for await` for
   * every refund matching the filters, page after page (following the Link header).
   */
  list(params: RefundListParams = {}, options?: RequestOptions): PageList<Refund> {
    return new PageList<Refund>(async (query) => {
      const { init } = this.r.init('GET', options)
      return unwrapList(
        await this.r.api.GET('/api/refunds/', { params: { query: query as RefundListParams }, ...init }),
      )
    }, params)
  }
}
