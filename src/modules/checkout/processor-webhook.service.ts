import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { enqueue } from '../../db/jobs.ts'
import { webhookProcessors } from '../provider/index.ts'
import { type ProviderWebhookEvent, WebhookVerificationError } from '../provider/index.ts'
import { recordDelivery, recordPaymentChange } from './processor-payments.repository.ts'

// POST /api/providers/{name}/webhook/: the signature and timestamp are verified BEFORE the body is
// parsed; a delivery seen before (the processor's retries, a replay) and a change seen before (same
// payment, status and updatedAt in another delivery) are dropped (freshness is wall-clock time
// against the sender's clock, not the app clock); every new change becomes a job
// that confirms it with a read before anything moves (outbox), so the answer is quick.

export const PROCESSOR_PAYMENT_CHANGED_JOB = 'checkout.processor-payment-changed'

export interface ProcessorChangedPayload {
  provider: string
  environment: Environment
  provider_payment_id: string
  reference: string | null
  /** What the webhook itself claimed: checked against Kassa's amount too (integrity on every webhook). */
  amount_minor: number | null
  currency: string | null
}

export async function receiveProcessorWebhook(
  ctx: AppContext,
  name: string,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
) {
  const candidates = webhookProcessors(ctx, name)
  if (candidates.length === 0)
    throw new AppError('not_found', `No card processor named "${name}" sends webhooks to this server.`)
  let verified: { environment: Environment; events: ProviderWebhookEvent[] } | null = null
  let reason = 'not verified'
  for (const { environment, processor } of candidates) {
    try {
      verified = { environment, events: processor.verifyWebhook?.({ rawBody, headers, now: new Date() }) ?? [] }
      break
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err
      reason = err.message
    }
  }
  if (!verified) {
    ctx.log.warn({ provider: name, reason, bytes: rawBody.length }, 'inbound processor webhook refused')
    throw new AppError('invalid_webhook_signature', `The webhook could not be verified: ${reason}.`)
  }
  const { environment, events } = verified
  const deliveryId = events[0]?.deliveryId ?? String(headers['svix-id'] ?? '')
  const queued = await ctx.db.transaction().execute(async (trx) => {
    if (!(await recordDelivery(trx, { provider: name, environment, deliveryId, events: events.length }))) return null
    let jobs = 0
    for (const event of events) {
      const { payment } = event
      const fresh = await recordPaymentChange(trx, {
        provider: name,
        environment,
        providerPaymentId: payment.providerPaymentId,
        status: payment.rawStatus,
        updatedAt: payment.updatedAt ?? '',
      })
      if (!fresh) continue
      const job: ProcessorChangedPayload = {
        provider: name,
        environment,
        provider_payment_id: payment.providerPaymentId,
        reference: payment.reference,
        amount_minor: payment.amountMinor,
        currency: payment.currency,
      }
      await enqueue(trx, PROCESSOR_PAYMENT_CHANGED_JOB, { ...job })
      jobs++
    }
    return jobs
  })
  ctx.log.info({ provider: name, environment, deliveryId, events: events.length, queued }, 'processor webhook received')
  return { received: true as const, duplicate: queued === null }
}
