import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../test/support/platform.ts'
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver.ts'
import { sendTestEvent } from '../modules/webhooks/deliveries.service.ts'
import { WebhookDispatcher } from '../modules/webhooks/dispatcher.ts'
import { createEndpoint } from '../modules/webhooks/endpoints.service.ts'
import { runRetention } from './retention.ts'

const DAY = 86_400_000
let p: TestPlatform
let m: Merchant
let r: Receiver
beforeAll(async () => {
  // Batches of 2: every table below has more old rows than one batch.
  p = await createTestPlatform({
    env: { RETENTION_BATCH_SIZE: '2', WEBHOOK_RETENTION_DAYS: '90', EMAIL_RETENTION_DAYS: '30' },
  })
  m = await createMerchantFixture(p.ctx)
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await p.close()
})

const count = async (
  table:
    | 'webhook_attempts'
    | 'webhook_deliveries'
    | 'idempotency_keys'
    | 'email_outbox'
    | 'login_throttle'
    | 'rate_limit_hits'
    | 'user_sessions',
) =>
  Number(
    (
      await p.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('retention sweep', () => {
  test('deletes old rows of every kept table in batches and keeps recent ones', async () => {
    const now = p.clock.now().getTime()
    const ago = (days: number) => new Date(now - days * DAY)
    const scope = { organizationId: m.organizationId, environment: 'sandbox' as const }
    await createEndpoint(p.ctx, scope, { url: r.url })
    for (let i = 0; i < 6; i++) await sendTestEvent(p.ctx, scope)
    await new WebhookDispatcher(p.ctx, { listenUrl: null }).drain()
    const deliveries = await p.ctx.db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute()
    const old = deliveries.slice(0, 5).map((d) => d.id)
    await p.ctx.db
      .updateTable('webhook_attempts')
      .set({ attempted_at: ago(91) })
      .where('delivery_id', 'in', old)
      .execute()
    await p.ctx.db
      .updateTable('webhook_deliveries')
      .set({ completed_at: ago(91) })
      .where('id', 'in', old)
      .execute()

    for (let i = 0; i < 5; i++)
      await p.ctx.db
        .insertInto('idempotency_keys')
        .values({ scope: 's', key: `old-${i}`, request_hash: 'h', expires_at: ago(1) })
        .execute()
    await p.ctx.db
      .insertInto('idempotency_keys')
      .values({ scope: 's', key: 'live', request_hash: 'h', expires_at: ago(-1) })
      .execute()
    for (let i = 0; i < 5; i++)
      await p.ctx.db
        .insertInto('email_outbox')
        .values({
          organization_id: null,
          to_address: 'a@example.com',
          subject: 's',
          body_text: 'b',
          status: 'stored',
          created_at: ago(31),
        })
        .execute()
    await p.ctx.db
      .insertInto('email_outbox')
      .values({
        organization_id: null,
        to_address: 'a@example.com',
        subject: 's',
        body_text: 'b',
        status: 'pending',
        created_at: ago(31),
      })
      .execute()
    for (let i = 0; i < 3; i++)
      await p.ctx.db
        .insertInto('login_throttle')
        .values({ key: `ip:old-${i}`, failures: 3, last_failure_at: ago(2) })
        .execute()
    await p.ctx.db
      .insertInto('login_throttle')
      .values({ key: 'ip:recent', failures: 3, last_failure_at: ago(0) })
      .execute()
    for (let i = 0; i < 3; i++)
      await p.ctx.db
        .insertInto('rate_limit_hits')
        .values({ key: `pay:ip:${i}`, window_start: ago(1), hits: 4 })
        .execute()
    const login = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login/',
      payload: { email: m.email, password: m.password },
    })
    expect(login.statusCode).toBe(200)
    await p.ctx.db
      .updateTable('user_sessions')
      .set({ created_at: ago(32), last_seen_at: ago(32), absolute_expires_at: ago(31) })
      .execute()

    const report = await runRetention(p.ctx)
    expect(report).toMatchObject({
      webhook_attempts: 5,
      webhook_deliveries: 5,
      idempotency_keys: 5,
      email_outbox: 5,
      login_throttle: 3,
      rate_limit_hits: 3,
      user_sessions: 1,
    })
    expect(await count('webhook_attempts')).toBe(1)
    expect(await count('webhook_deliveries')).toBe(1)
    expect(await count('idempotency_keys')).toBe(1)
    expect(await count('email_outbox')).toBe(1)
    expect(await count('login_throttle')).toBe(1)
    expect(await count('rate_limit_hits')).toBe(0)
    // Nothing left to do: a second run deletes nothing.
    expect(Object.values(await runRetention(p.ctx)).every((n) => n === 0)).toBe(true)
  })
})
