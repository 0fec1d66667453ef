import { ProviderRejectedError, ProviderUncertainError } from '../seam.ts'
import type { InflowCreated, InflowCreatePayment, InflowErrorBody, InflowPayment } from './inflow.types.ts'

// A thin, stateless client of Inflow's documented endpoints. It never retries: Inflow has no
// idempotency keys, so a repeated POST could create a second payment or refund. The caller records
// the attempt before calling and reconciles an uncertain answer by reading.

export interface InflowClientOptions {
  apiUrl: string
  apiKey: string
  timeoutMs: number
}

/** The `message` of Inflow's error body: a string or a list of strings. */
export function inflowErrorText(body: unknown, status: number): string {
  const message = (body as Partial<InflowErrorBody> | null)?.message
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : ''
  return (text || `HTTP ${status}`).slice(0, 500)
}

export function createInflowClient(options: InflowClientOptions) {
  const base = options.apiUrl.replace(/\/+$/, '')

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(base + path, {
        method,
        headers: {
          'X-Inflow-Api-Key': options.apiKey,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      })
    } catch (err) {
      // A timeout or a dropped connection: the request may have arrived and been acted on.
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'failed'
      throw new ProviderUncertainError(`Inflow ${method} ${path.split('/').slice(0, 3).join('/')} ${reason}`, {
        cause: err,
      })
    }
    const text = await response.text().catch(() => '')
    let parsed: unknown = null
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      parsed = null
    }
    if (response.status >= 500)
      throw new ProviderUncertainError(
        `Inflow answered ${response.status}: ${inflowErrorText(parsed, response.status)}`,
      )
    if (response.status >= 400)
      throw new ProviderRejectedError(
        `Inflow answered ${response.status}: ${inflowErrorText(parsed, response.status)}`,
        response.status,
      )
    if (parsed === null || typeof parsed !== 'object')
      throw new ProviderUncertainError(`Inflow answered ${response.status} without a JSON body`)
    return parsed as T
  }

  return {
    createPayment: (input: InflowCreatePayment) => call<InflowCreated>('POST', '/api/payment', input),
    getPayment: (paymentId: string) => call<InflowPayment>('GET', `/api/payment/${encodeURIComponent(paymentId)}`),
    refundPayment: (paymentId: string, reason: string) =>
      call<InflowPayment>('POST', `/api/payment/${encodeURIComponent(paymentId)}/refund`, { reason }),
  }
}

export type InflowClient = ReturnType<typeof createInflowClient>
