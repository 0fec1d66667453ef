import crypto from 'node:crypto'
import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiKeyHeaders,
  checkoutBody,
  createKey,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { insertEvent } from '../events/index.ts'
import { recordTransactionChanged } from '../payments/index.ts'
import { listen, ListenError, type ForwardResult } from './listen.ts'
import type { EventPayload } from '../events/index.ts'

let p: TestPlatform
let m: Merchant
let other: Merchant
let apiUrl: string
let r: Receiver
beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  other = await createMerchantFixture(p.ctx)
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  apiUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await p.close()
})

/** A sandbox payment created over real HTTP, then its status change recorded (as checkout does). */
async function sandboxPayment(key = m.sandboxKey) {
  const res = await fetch(`${apiUrl}/api/checkout/create/`, {
    method: 'POST',
    headers: { ...apiKeyHeaders(key), 'content-type': 'application/json' },
    body: JSON.stringify(checkoutBody(m.productId)),
  })
  expect(res.status).toBe(201)
  const checkout = (await res.json()) as { transaction_id: string; order_id: string }
  const tx = await p.ctx.db
    .selectFrom('transactions')
    .select('id')
    .where('public_id', '=', checkout.transaction_id)
    .executeTakeFirstOrThrow()
  await p.ctx.db.transaction().execute((trx) => recordTransactionChanged(trx, tx.id))
  return checkout
}

describe('GET /api/webhooks/stream/', () => {
  it('refuses missing, invalid and dashboard credentials (401) and production keys (403)', async () => {
    expect((await p.app.inject({ url: '/api/webhooks/stream/' })).statusCode).toBe(401)
    expect(
      (await p.app.inject({ url: '/api/webhooks/stream/', headers: apiKeyHeaders('sk_test_nope') })).statusCode,
    ).toBe(401)
    expect(
      (await p.app.inject({ url: '/api/webhooks/stream/', headers: { authorization: 'Token abc' } })).statusCode,
    ).toBe(401)
    const prod = await p.app.inject({ url: '/api/webhooks/stream/', headers: apiKeyHeaders(m.productionKey) })
    expect(prod.statusCode).toBe(403)
    expect(prod.json().code).toBe('sandbox_only')
    expect(
      (await p.app.inject({ url: '/sandbox/api/webhooks/stream/', headers: apiKeyHeaders(m.productionKey) }))
        .statusCode,
    ).toBe(403)
    const checkoutOnly = await createKey(p.ctx, m.organizationId, 'sandbox', ['checkout:create'])
    const lacking = await p.app.inject({ url: '/api/webhooks/stream/', headers: apiKeyHeaders(checkoutOnly) })
    expect(lacking.statusCode).toBe(403)
    expect(lacking.json().code).toBe('insufficient_scope')
  })
})

describe('kassa listen', () => {
  it("forwards a real sandbox payment's events, signed with the printed secret, and only its own organization's", async () => {
    const controller = new AbortController()
    const lines: (string | Record<string, unknown>)[] = []
    const forwarded: ForwardResult[] = []
    let ready!: () => void
    const isReady = new Promise<void>((resolve) => (ready = resolve))
    const running = listen(
      {
        apiUrl,
        apiKey: m.sandboxKey,
        forwardTo: r.url,
        events: [],
        signal: controller.signal,
        print: (line) => {
          lines.push(line)
          if (typeof line === 'object' && line.ready) ready()
        },
      },
      (result) => forwarded.push(result),
    )
    await isReady
    const secret = (lines.find((l) => typeof l === 'object' && l.ready) as { secret: string }).secret
    expect(secret).toMatch(/^whsec_/)
    expect((lines[0] as { text: string }).text).toContain(secret)

    // Another organization's and the production environment's events must not be streamed.
    await insertEvent(p.ctx.db, {
      organizationId: other.organizationId,
      environment: 'sandbox',
      type: 'transaction.status_changed',
      subjectId: 'TXother',
      payload: { transaction_id: 'TXother' } as EventPayload<'transaction.status_changed'>,
    })
    await insertEvent(p.ctx.db, {
      organizationId: m.organizationId,
      environment: 'production',
      type: 'transaction.status_changed',
      subjectId: 'TXprod',
      payload: { transaction_id: 'TXprod' } as EventPayload<'transaction.status_changed'>,
    })
    const checkout = await sandboxPayment()
    const [req] = await r.waitFor(1)
    expect(req.headers['x-webhook-event']).toBe('transaction.status_changed')
    const body = JSON.parse(req.body)
    expect(body).toMatchObject({
      transaction_id: checkout.transaction_id,
      order_id: checkout.order_id,
      event: 'transaction.status_changed',
    })
    expect(new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).toBeTruthy()
    expect(req.headers['x-webhook-signature']).toBe(
      'sha256=' + crypto.createHmac('sha256', secret).update(req.body).digest('hex'),
    )
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(r.requests).toHaveLength(1)
    expect(forwarded).toMatchObject([{ event: 'transaction.status_changed', event_id: body.event_id, status: 200 }])
    const line = lines.find((l) => typeof l === 'object' && l.event_id === body.event_id) as { text: string }
    expect(line.text).toMatch(
      new RegExp(`transaction\\.status_changed \\[${body.event_id}\\].*\\[200\\] POST ${r.url}`),
    )
    controller.abort()
    await running
  })

  it('filters with --events and rejects a production key', async () => {
    const controller = new AbortController()
    const forwarded: ForwardResult[] = []
    let ready!: () => void
    const isReady = new Promise<void>((resolve) => (ready = resolve))
    const running = listen(
      {
        apiUrl,
        apiKey: m.sandboxKey,
        forwardTo: r.url,
        events: ['refund.status_changed'],
        signal: controller.signal,
        print: (line) => typeof line === 'object' && line.ready && ready(),
      },
      (result) => forwarded.push(result),
    )
    await isReady
    await sandboxPayment()
    await insertEvent(p.ctx.db, {
      organizationId: m.organizationId,
      environment: 'sandbox',
      type: 'refund.status_changed',
      subjectId: 'RF1',
      payload: { refund_id: 'RF1' } as EventPayload<'refund.status_changed'>,
    })
    await expect.poll(() => forwarded.length, { timeout: 5000 }).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(forwarded.map((f) => f.event)).toEqual(['refund.status_changed'])
    controller.abort()
    await running
    await expect(
      listen({ apiUrl, apiKey: m.productionKey, forwardTo: r.url, events: [], print: () => {} }),
    ).rejects.toBeInstanceOf(ListenError)
  })

  it('works as the real `kassa listen` command', async () => {
    r.requests.length = 0
    const child = spawn(
      process.execPath,
      ['bin/kassa.mjs', 'listen', '--forward-to', r.url, '--api-url', apiUrl, '--api-key', m.sandboxKey, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    try {
      await expect.poll(() => stdout.includes('"ready":true'), { timeout: 20_000, interval: 100 }).toBe(true)
      const ready = JSON.parse(stdout.split('\n')[0])
      const checkout = await sandboxPayment()
      const [req] = await r.waitFor(1)
      expect(JSON.parse(req.body).transaction_id).toBe(checkout.transaction_id)
      expect(new Webhook(ready.secret).verify(req.body, req.headers as Record<string, string>)).toBeTruthy()
      await expect.poll(() => stdout.trim().split('\n').length, { timeout: 5000 }).toBe(2)
      expect(JSON.parse(stdout.trim().split('\n')[1])).toMatchObject({
        event: 'transaction.status_changed',
        status: 200,
      })
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  })
})
