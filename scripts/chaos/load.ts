import { randomUUID } from 'node:crypto'

// Mixed load as shops and buyers make it: a checkout created with an API key, paid on the hosted
// checkout's JSON endpoint, then (for most payments) refunded through the API: partially, in full, or
// twice at once for more than the payment (one of the two must be refused). A request cut off by a
// killed process is retried on the other API process, with the same Idempotency-Key, as a client would.

export const CARDS = { success: '4242424242424242', declined: '4000000000000002', refundFails: '4000000000005126' }

export interface RequestRecord {
  route: string
  /** HTTP status, or 0 when no answer came (connection refused or reset by a killed process). */
  status: number
  code: string | null
  start: number
  end: number
}

export interface LoadOptions {
  apiBases: () => string[]
  apiKey: string
  productId: string
  concurrency: number
  random?: () => number
}

interface Answer {
  status: number
  body: Record<string, unknown> | null
}

export class Load {
  readonly requests: RequestRecord[] = []
  readonly outcomes = { flows: 0, paid: 0, declined: 0, refundsAccepted: 0, refundsRefused: 0, abandoned: 0 }
  private running = false
  private loops: Promise<void>[] = []
  private readonly random: () => number

  constructor(private readonly options: LoadOptions) {
    this.random = options.random ?? Math.random
  }

  start(): void {
    this.running = true
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop())
  }

  /** Lets every flow in progress finish. */
  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.outcomes.flows++
      await this.flow().catch(() => {
        this.outcomes.abandoned++
      })
    }
  }

  private async call(route: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
    // Up to 10 tries over ~14 s: long enough to ride out a process restart, not a PostgreSQL outage.
    for (let attempt = 1; ; attempt++) {
      const bases = this.options.apiBases()
      const base = bases[Math.floor(this.random() * bases.length)]
      const record: RequestRecord = { route, status: 0, code: null, start: Date.now(), end: 0 }
      let answer: Answer | null = null
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        })
        const text = await res.text()
        let parsed: Record<string, unknown> | null = null
        try {
          parsed = JSON.parse(text) as Record<string, unknown>
        } catch {
          parsed = null
        }
        record.status = res.status
        record.code = typeof parsed?.code === 'string' ? parsed.code : null
        answer = { status: res.status, body: parsed }
      } catch (err) {
        record.code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      }
      record.end = Date.now()
      this.requests.push(record)
      const retry = answer === null || answer.status >= 500 || answer.body?.code === 'idempotency_key_in_use'
      if (!retry || attempt >= 10) return answer
      await new Promise((r) => setTimeout(r, 250 * attempt))
    }
  }

  private async flow(): Promise<void> {
    const auth = { authorization: `Api-Key ${this.options.apiKey}` }
    const created = await this.call(
      'checkout.create',
      'POST',
      '/api/checkout/create/',
      {
        billing_country: 'US',
        billing_postal_code: '94103',
        billing_first_name: 'Ada',
        billing_last_name: 'Lovelace',
        billing_email: 'ada@example.com',
        currency: 'USD',
        products: [{ id: this.options.productId, quantity: 1 }],
      },
      { ...auth, 'idempotency-key': randomUUID() },
    )
    if (created?.status !== 201) return void this.outcomes.abandoned++
    const transactionId = String(created.body!.transaction_id)
    const token = new URL(String(created.body!.checkout_url)).pathname.split('/').pop()!
    const r = this.random()
    const number = r < 0.1 ? CARDS.declined : r < 0.2 ? CARDS.refundFails : CARDS.success
    const card = { number, expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' }
    const paid = await this.call('checkout.pay', 'POST', '/api/checkout/pay/', { token, card })
    if (paid?.body?.payment_status !== 'paid') {
      if (paid?.status === 200) this.outcomes.declined++
      else this.outcomes.abandoned++
      return
    }
    this.outcomes.paid++
    const refund = (amount: string | undefined) =>
      this.call(
        'refund.create',
        'POST',
        `/api/transactions/${transactionId}/refund/`,
        { reason: 'chaos', ...(amount ? { amount } : {}) },
        { ...auth, 'idempotency-key': randomUUID() },
      ).then((a) => {
        if (a?.status === 200) this.outcomes.refundsAccepted++
        else this.outcomes.refundsRefused++
      })
    const plan = this.random()
    if (plan < 0.3) await refund('3.00')
    else if (plan < 0.5) await Promise.all([refund('6.00'), refund('6.00')])
    else if (plan < 0.65) await refund(undefined)
    if (this.random() < 0.3)
      await this.call('transaction.get', 'GET', `/api/transactions/${transactionId}/`, undefined, auth)
  }
}
