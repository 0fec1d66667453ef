import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { AppContext } from '../../context.ts'
import type { Resolver } from './lib/ssrf.ts'
import { retryDelayAfterFailure } from './lib/schedule.ts'
import { sendDelivery } from './delivery-send.ts'
import {
  claimDeliveries,
  insertAttempt,
  recordSuccesses,
  settleDelivery,
  type AttemptRecord,
  type ClaimedDelivery,
} from './deliveries.repository.ts'
import { markEndpointFailing } from './endpoints.repository.ts'
import { recordWebhookAttempt } from '../../lib/metrics.ts'
import { disableEndpointForFailures } from './endpoints.service.ts'

const DAY_MS = 86_400_000
/** An endpoint failing every attempt for this long is disabled (issue #5). */
export const DISABLE_AFTER_FAILING_MS = 5 * DAY_MS
/** Longer than the 15 s request timeout plus recording, so a live worker never loses its lease. */
export const DEFAULT_LEASE_MS = 60_000

export interface DispatcherOptions {
  /** Deliveries in flight at once per worker process. */
  concurrency?: number
  leaseMs?: number
  /** Fallback poll when no NOTIFY arrives (PGlite, retries coming due). */
  pollMs?: number
  /** PostgreSQL URL to LISTEN on; default DATABASE_DIRECT_URL (PgBouncer cannot LISTEN); null disables LISTEN. */
  listenUrl?: string | null
  resolve?: Resolver
  random?: () => number
  timeoutMs?: number
}

export interface AttemptResult {
  deliveryRowId: number
  deliveryId: string
  attemptNumber: number
  statusCode: number | null
  error: string | null
  status: 'pending' | 'succeeded' | 'failed'
}

/**
 * The delivery loop of a worker process: claim due deliveries (SKIP LOCKED, leased), POST them
 * outside any transaction, record each attempt. Any number of processes may run one.
 */
export class WebhookDispatcher {
  readonly id = `webhooks-${process.pid}-${randomBytes(3).toString('hex')}`
  private running = false
  private inFlight = 0
  private wake: (() => void) | null = null
  private loop: Promise<void> | null = null
  private listener: pg.Client | null = null
  private listening: Promise<void> | null = null
  private readonly concurrency: number
  private readonly leaseMs: number
  private successes: { attempt: AttemptRecord; endpointId: number; done: (err?: unknown) => void }[] = []
  private flushTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly ctx: AppContext,
    private readonly options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 32
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  }

  start(): void {
    if (this.running) return
    this.running = true
    const listenUrl = this.options.listenUrl === undefined ? this.ctx.config.databaseDirectUrl : this.options.listenUrl
    if (listenUrl && this.ctx.dbKind === 'postgres') this.listening = this.listen(listenUrl)
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.running = false
    this.poke()
    await this.loop
    await this.listener?.end().catch(() => {})
    await this.listening
  }

  poke(): void {
    this.wake?.()
  }

  /** Attempts every due delivery until none is left; tests drive the schedule with it and a fake clock. */
  async drain(maxRounds = 1000): Promise<AttemptResult[]> {
    const results: AttemptResult[] = []
    for (let round = 0; round < maxRounds; round++) {
      const claimed = await claimDeliveries(this.ctx.db, this.id, this.ctx.clock.now(), this.concurrency, this.leaseMs)
      if (claimed.length === 0) break
      results.push(...(await Promise.all(claimed.map((d) => this.attempt(d)))))
    }
    return results
  }

  /** Attempts the given deliveries now if they are due and unclaimed (the CLI's test send). */
  async deliverNow(deliveryRowIds: number[]): Promise<AttemptResult[]> {
    const claimed = await claimDeliveries(
      this.ctx.db,
      this.id,
      this.ctx.clock.now(),
      deliveryRowIds.length,
      this.leaseMs,
      deliveryRowIds,
    )
    return Promise.all(claimed.map((d) => this.attempt(d)))
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedDelivery[] = []
      // Refill when half the slots are free: one claim query per batch, not per delivery.
      if (this.inFlight <= this.concurrency / 2) {
        try {
          claimed = await claimDeliveries(
            this.ctx.db,
            this.id,
            this.ctx.clock.now(),
            this.concurrency - this.inFlight,
            this.leaseMs,
          )
        } catch (err) {
          this.ctx.log.error({ err }, 'webhook claim failed')
        }
      }
      for (const delivery of claimed) {
        this.inFlight++
        this.attempt(delivery)
          .catch((err) =>
            this.ctx.log.error({ err, delivery: delivery.delivery_id }, 'webhook attempt failed to record'),
          )
          .finally(() => {
            this.inFlight--
            this.poke()
          })
      }
      if (claimed.length > 0 && this.inFlight < this.concurrency) continue
      await this.sleep(this.options.pollMs ?? this.ctx.config.workerPollMs)
    }
    while (this.inFlight > 0) await this.sleep(50)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null
        resolve()
      }, ms)
      this.wake = () => {
        clearTimeout(timer)
        this.wake = null
        resolve()
      }
    })
  }

  /** LISTEN on a dedicated connection; the trigger on `events` NOTIFYs at commit. Reconnects on loss. */
  private async listen(url: string): Promise<void> {
    while (this.running) {
      const client = new pg.Client({ connectionString: url })
      // Always handled: a dropped connection must never become an uncaught error.
      client.on('error', (err) =>
        this.ctx.log.warn({ err }, 'webhook LISTEN connection lost; polling until it is back'),
      )
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
      try {
        await client.connect()
        client.on('notification', () => this.poke())
        await client.query('listen kassa_webhooks')
        this.listener = client
        if (this.running) await ended
      } catch (err) {
        this.ctx.log.warn({ err }, 'webhook LISTEN connection failed; polling until it is back')
      }
      this.listener = null
      await client.end().catch(() => {})
      if (this.running) await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }

  /**
   * Successes are written in batches (up to 64, or after 2 ms): one commit per batch instead of one per
   * delivery is what lets a worker go past a few hundred deliveries per second. A crash before the
   * flush only means those deliveries are sent again after their lease (at-least-once).
   */
  private recordSuccess(attempt: AttemptRecord, endpointId: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.successes.push({ attempt, endpointId, done: (err) => (err ? reject(err) : resolve()) })
      if (this.successes.length >= 64) void this.flushSuccesses()
      else this.flushTimer ??= setTimeout(() => void this.flushSuccesses(), 2)
    })
  }

  private async flushSuccesses(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = null
    const batch = this.successes.splice(0)
    if (batch.length === 0) return
    try {
      await recordSuccesses(this.ctx.db, batch, this.ctx.clock.now())
      for (const item of batch) item.done()
    } catch (err) {
      for (const item of batch) item.done(err)
    }
  }

  private async attempt(d: ClaimedDelivery): Promise<AttemptResult> {
    const attemptedAt = this.ctx.clock.now()
    const outcome = await sendDelivery(this.ctx, d, attemptedAt, this.options)
    recordWebhookAttempt(outcome.statusCode, outcome.durationMs, d.next_attempt_at, attemptedAt)
    const record: AttemptRecord = {
      deliveryId: d.id,
      attemptNumber: d.attempts,
      attemptedAt,
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error?.slice(0, 1000) ?? null,
      responseBody: outcome.body,
      requestHeaders: outcome.requestHeaders,
      workerId: this.id,
    }
    const base = {
      deliveryRowId: d.id,
      deliveryId: d.delivery_id,
      attemptNumber: d.attempts,
      statusCode: outcome.statusCode,
      error: record.error,
    }
    const now = this.ctx.clock.now()
    if (outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300) {
      await this.recordSuccess(record, d.endpoint_id)
      return { ...base, status: 'succeeded' }
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      await insertAttempt(trx, record)
      const gone = outcome.statusCode === 410
      const delay = gone
        ? null
        : retryDelayAfterFailure(
            { attemptNumber: d.attempts, status: outcome.statusCode ?? undefined, retryAfter: outcome.retryAfter },
            now,
            this.options.random,
          )
      const status = delay === null ? 'failed' : 'pending'
      await settleDelivery(trx, d.id, this.id, {
        status,
        nextAttemptAt: delay === null ? now : new Date(now.getTime() + delay),
        statusCode: outcome.statusCode,
        error: record.error,
        now,
      })
      const failingSince = await markEndpointFailing(trx, d.endpoint_id, now)
      if (gone) {
        await disableEndpointForFailures(this.ctx, trx, d.endpoint_id, 'The endpoint answered 410 Gone.', now)
      } else if (failingSince && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
        await disableEndpointForFailures(
          this.ctx,
          trx,
          d.endpoint_id,
          `Every delivery failed for 5 days (since ${failingSince.toISOString()}).`,
          now,
        )
      }
      return { ...base, status }
    })
  }
}
