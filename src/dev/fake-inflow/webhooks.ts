import { createHmac, randomBytes } from 'node:crypto'
import type { InflowPayment } from '../../modules/provider/inflow/inflow.types.ts'
import type { FakeInflowSwitches } from './switches.ts'

// Svix-style sender: `{"data":[{eventType, payload}]}` signed with svix-id (stable across retries),
// svix-timestamp and `svix-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed
// with the base64-decoded part of the secret after `whsec_`. A non-2xx answer is retried later.

export interface DeliveryRecord {
  id: string
  body: string
  events: { eventType: string; paymentId: string; status: string }[]
  attempts: { at: string; status: number | null; error: string | null }[]
  delivered: boolean
}

export interface WebhookTarget {
  url: string | null
  secret: string | null
}

const MAX_TRIES = 8

export function signSvix(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

export class WebhookSender {
  readonly deliveries: DeliveryRecord[] = []
  private pending: { eventType: string; payload: InflowPayment }[] = []
  private flushTimer: NodeJS.Timeout | null = null
  private readonly timers = new Set<NodeJS.Timeout>()
  private inFlight = 0
  private closed = false

  constructor(
    private readonly target: WebhookTarget,
    private readonly switches: FakeInflowSwitches,
  ) {}

  enqueue(eventType: string, payload: InflowPayment): void {
    // A snapshot: the payment keeps changing after the event.
    this.pending.push({ eventType, payload: structuredClone(payload) })
    this.schedule()
  }

  /** Sends everything pending now (also what a paused sender holds, once unpaused). */
  schedule(): void {
    if (this.flushTimer || this.closed || this.switches.webhooksPaused) return
    const window = this.switches.webhookDelayMs || (this.switches.outOfOrder || this.switches.batch ? 200 : 0)
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      this.flush()
    }, window)
  }

  private flush(): void {
    if (!this.target.url || !this.target.secret || this.switches.webhooksPaused) return
    let events = this.pending
    this.pending = []
    if (this.switches.outOfOrder) events = [...events].reverse()
    const groups = this.switches.batch ? [events] : events.map((e) => [e])
    for (const group of groups.filter((g) => g.length > 0)) {
      const body = JSON.stringify({ data: group })
      const record: DeliveryRecord = {
        id: `msg_${randomBytes(12).toString('hex')}`,
        body,
        events: group.map((e) => ({ eventType: e.eventType, paymentId: e.payload.id, status: e.payload.status })),
        attempts: [],
        delivered: false,
      }
      this.deliveries.push(record)
      void this.attempt(record, 0)
      if (this.switches.duplicates) void this.attempt(record, 0, true)
    }
  }

  private async attempt(record: DeliveryRecord, tries: number, duplicate = false): Promise<void> {
    if (this.closed || !this.target.url || !this.target.secret) return
    const timestamp = Math.floor(Date.now() / 1000)
    this.inFlight++
    let status: number | null = null
    let error: string | null = null
    try {
      const response = await fetch(this.target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'svix-id': record.id,
          'svix-timestamp': String(timestamp),
          'svix-signature': signSvix(this.target.secret, record.id, timestamp, record.body),
        },
        body: record.body,
        signal: AbortSignal.timeout(15_000),
      })
      status = response.status
      await response.arrayBuffer().catch(() => null)
    } catch (err) {
      error = err instanceof Error ? err.message : String(err)
    } finally {
      this.inFlight--
    }
    record.attempts.push({ at: new Date().toISOString(), status, error })
    if (status !== null && status >= 200 && status < 300) {
      record.delivered = true
      return
    }
    if (duplicate || tries + 1 >= MAX_TRIES || this.closed) return
    const delays = this.switches.retryDelaysMs
    const wait = delays[Math.min(tries, delays.length - 1)] ?? 1000
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.attempt(record, tries + 1)
    }, wait)
    this.timers.add(timer)
  }

  /** True when nothing is pending, scheduled or on the wire (tests wait for this). */
  get idle(): boolean {
    return this.pending.length === 0 && this.flushTimer === null && this.inFlight === 0
  }

  close(): void {
    this.closed = true
    if (this.flushTimer) clearTimeout(this.flushTimer)
    for (const t of this.timers) clearTimeout(t)
  }
}
