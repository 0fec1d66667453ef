import type { RefundRequest } from '../provider.types.ts'
import {
  type InboundWebhook,
  type Processor,
  type ProviderCapabilities,
  type ProviderRefundResult,
  ProviderRejectedError,
  ProviderUncertainError,
  type ProviderWebhookEvent,
  type StartPaymentInput,
  WebhookVerificationError,
} from '../seam.ts'
import { createInflowClient } from './inflow.client.ts'
import { toProviderPayment } from './inflow.status.ts'
import {
  INFLOW_MINIMUM_AMOUNTS,
  type InflowCurrency,
  type InflowPayment,
  type InflowWebhookBody,
  KASSA_REFERENCE_KEY,
} from './inflow.types.ts'
import { svixKey, verifySvix } from './svix.ts'

export interface InflowSettings {
  apiUrl: string
  apiKey: string
  webhookSecret: string
  timeoutMs: number
}

export const INFLOW_CAPABILITIES: ProviderCapabilities = Object.freeze({
  paymentFlow: 'hosted_redirect',
  partialRefunds: false,
  savedPaymentMethods: false,
  webhookVerification: 'svix',
  minimumAmounts: INFLOW_MINIMUM_AMOUNTS,
  currencies: ['EUR', 'USD'],
})

// Inflow has no refund object: a refund is the payment's status, so the payment id names it.
function refundStateOf(payment: InflowPayment): ProviderRefundResult | { status: 'not_found' } {
  const mapped = toProviderPayment(payment)
  switch (mapped.refund) {
    case 'completed':
      return { status: 'completed', providerRefundId: payment.id }
    case 'failed':
      return { status: 'failed', providerRefundId: null, message: 'Inflow could not complete the refund.' }
    case 'processing':
      return { status: 'processing', providerRefundId: null }
    case 'none':
      return { status: 'not_found' }
  }
}

/** Inflow Pay behind the seam: hosted pay page, full refunds only, Svix-signed webhooks. */
export function createInflowProvider(settings: InflowSettings): Processor {
  const client = createInflowClient(settings)
  const key = svixKey(settings.webhookSecret)

  return {
    name: 'inflow',
    capabilities: INFLOW_CAPABILITIES,

    async startPayment(input: StartPaymentInput) {
      if (input.currency !== 'EUR' && input.currency !== 'USD')
        throw new ProviderRejectedError(`Inflow does not take ${input.currency}`, 400)
      // One product for the exact total: Kassa's line items exclude tax, Inflow's products cannot say it.
      const created = await client.createPayment({
        products: [{ name: input.description.slice(0, 200), price: input.amountMinor, quantity: 1 }],
        currency: input.currency as InflowCurrency,
        customerEmail: input.customerEmail,
        successUrl: input.returnUrl,
        cancelUrl: input.cancelUrl,
        metadatas: { ...input.metadata, [KASSA_REFERENCE_KEY]: input.reference },
      })
      if (typeof created?.paymentId !== 'string' || typeof created.purchaseUrl !== 'string')
        throw new ProviderRejectedError('Inflow answered without paymentId and purchaseUrl', 502)
      return { kind: 'redirect', providerPaymentId: created.paymentId, redirectUrl: created.purchaseUrl }
    },

    async readPayment({ providerPaymentId }) {
      return toProviderPayment(await client.getPayment(providerPaymentId))
    },

    async refund(request: RefundRequest) {
      try {
        const payment = await client.refundPayment(request.providerPaymentId, `Kassa refund ${request.reference}`)
        const state = refundStateOf(payment)
        // Accepted but not yet visible in the status: Inflow decides later.
        return state.status === 'not_found' ? { status: 'processing', providerRefundId: null } : state
      } catch (err) {
        if (err instanceof ProviderRejectedError)
          return { status: 'rejected', providerRefundId: null, message: err.message }
        throw err
      }
    },

    /**
     * Inflow finds payments by id only (its list has no reference filter), so a charge is read back
     * when Kassa knows its id; the reference kept in its metadata must match.
     */
    async readCharge({ providerPaymentId, reference }) {
      if (!providerPaymentId) throw new ProviderUncertainError('Inflow looks payments up by id only')
      let payment: InflowPayment
      try {
        payment = await client.getPayment(providerPaymentId)
      } catch (err) {
        if (err instanceof ProviderRejectedError && err.statusCode === 404) return { outcome: 'not_found' }
        throw err
      }
      const mapped = toProviderPayment(payment)
      if (mapped.reference !== reference) return { outcome: 'not_found' }
      if (mapped.status === 'succeeded')
        return {
          outcome: 'succeeded',
          providerPaymentId,
          depositStatus: mapped.depositStatus === 'succeeded' ? 'succeeded' : 'pending',
          card: mapped.card,
        }
      if (mapped.status === 'failed' || mapped.status === 'canceled')
        return {
          outcome: 'declined',
          providerPaymentId,
          message: mapped.failureMessage ?? 'Inflow declined the payment.',
          card: mapped.card,
        }
      throw new ProviderUncertainError(`Inflow payment ${providerPaymentId} is still ${mapped.rawStatus}`)
    },

    async readRefund({ providerPaymentId }) {
      return refundStateOf(await client.getPayment(providerPaymentId))
    },

    verifyWebhook(input: InboundWebhook): ProviderWebhookEvent[] {
      const deliveryId = verifySvix(key, input.rawBody, input.headers, input.now)
      let body: InflowWebhookBody
      try {
        body = JSON.parse(input.rawBody)
      } catch {
        throw new WebhookVerificationError('the body is not JSON')
      }
      if (!body || !Array.isArray(body.data)) throw new WebhookVerificationError('the body has no data array')
      return body.data.map((event) => {
        if (!event || typeof event.eventType !== 'string')
          throw new WebhookVerificationError('an event has no eventType')
        try {
          return { deliveryId, type: event.eventType, payment: toProviderPayment(event.payload) }
        } catch (err) {
          throw new WebhookVerificationError((err as Error).message)
        }
      })
    },
  }
}
