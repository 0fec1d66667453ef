import type { AppContext } from '../../context.ts'
import type { ClaimedDelivery } from './deliveries.repository.ts'
import { endpointSecret } from './endpoints.service.ts'
import { checkWebhookUrl, type Resolver } from './lib/ssrf.ts'
import { buildDeliveryHeaders } from './lib/signature.ts'
import { postWebhook, type HttpOutcome } from './webhook.http.ts'

/** An attempt's outcome plus the headers that went on the wire (kept in the attempt log); null if none were sent. */
export type SentOutcome = HttpOutcome & { requestHeaders: Record<string, string> | null }

const unsent = (error: string): SentOutcome => ({
  statusCode: null,
  body: null,
  error,
  durationMs: 0,
  requestHeaders: null,
})

/** One signed POST of a claimed delivery, SSRF-checked first. Never throws: a failure is an outcome. */
export async function sendDelivery(
  ctx: AppContext,
  d: ClaimedDelivery,
  now: Date,
  options: { resolve?: Resolver; timeoutMs?: number },
): Promise<SentOutcome> {
  try {
    const check = await checkWebhookUrl(d.url, {
      allowPrivate: ctx.config.allowPrivateWebhookUrls,
      resolve: options.resolve,
    })
    if (!check.ok) return unsent(`refused by SSRF guard: ${check.reason}`)
    const rawBody = typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload)
    const headers = buildDeliveryHeaders({
      secret: endpointSecret(ctx, d),
      eventType: d.event_type,
      deliveryId: d.delivery_id,
      timestampSec: Math.floor(now.getTime() / 1000),
      rawBody,
    })
    const outcome = await postWebhook(d.url, headers, rawBody, {
      addresses: check.addresses,
      timeoutMs: options.timeoutMs,
    })
    return { ...outcome, requestHeaders: { ...headers, 'Content-Length': String(Buffer.byteLength(rawBody)) } }
  } catch (err) {
    return unsent(err instanceof Error ? err.message : String(err))
  }
}
