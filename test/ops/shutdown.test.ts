import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, test } from 'vitest'
import { gracefulShutdown } from '../../src/cli/shutdown.ts'
import { sendTestEvent } from '../../src/modules/webhooks/deliveries.service.ts'
import { WebhookDispatcher } from '../../src/modules/webhooks/dispatcher.ts'
import { createEndpoint } from '../../src/modules/webhooks/endpoints.service.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { checkoutBody, createMerchantFixture, createTestPlatform, type TestPlatform } from '../support/platform.ts'

// SIGTERM with work in flight: a request whose body is still arriving and a webhook delivery whose
// receiver has not answered yet both finish; a shutdown that runs out of time releases what it holds.

const receivers: http.Server[] = []
afterAll(() => {
  for (const s of receivers) {
    s.closeAllConnections()
    s.close()
  }
})

/** A receiver that answers 200 after `holdMs` (or never, with Infinity); `arrived` resolves on the first request. */
async function slowReceiver(holdMs: number) {
  let arrived!: () => void
  const first = new Promise<void>((resolve) => {
    arrived = resolve
  })
  const server = http.createServer((req, res) => {
    req.resume()
    arrived()
    if (Number.isFinite(holdMs)) setTimeout(() => res.writeHead(200).end('ok'), holdMs)
  })
  receivers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, first }
}

async function running(p: TestPlatform, receiverUrl: string) {
  p.ctx.lifecycle = { draining: false }
  const m = await createMerchantFixture(p.ctx)
  const scope = { organizationId: m.organizationId, environment: 'sandbox' as const }
  await createEndpoint(p.ctx, scope, { url: receiverUrl })
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  const worker = createWorker(p.ctx, 20)
  const webhooks = new WebhookDispatcher(p.ctx, { listenUrl: null, pollMs: 20 })
  worker.start()
  webhooks.start()
  const queued = await sendTestEvent(p.ctx, scope)
  return { m, worker, webhooks, rowId: queued.deliveries[0].row_id, port: (p.app.server.address() as AddressInfo).port }
}

const delivery = (p: TestPlatform, id: number) =>
  p.ctx.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('graceful shutdown', () => {
  test('finishes the request and the webhook delivery in flight; /readyz is 503 first', async () => {
    const p = await createTestPlatform()
    try {
      const receiver = await slowReceiver(1500)
      const { m, worker, webhooks, rowId, port } = await running(p, receiver.url)
      await receiver.first
      // A checkout request whose body is only half sent when SIGTERM arrives.
      const body = JSON.stringify(checkoutBody(m.productId))
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/checkout/create/',
            headers: {
              authorization: `Api-Key ${m.sandboxKey}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = ''
            res.on('data', (c) => (text += c))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
          },
        )
        req.on('error', reject)
        req.write(body.slice(0, 40))
        setTimeout(() => req.end(body.slice(40)), 700)
      })
      await new Promise((r) => setTimeout(r, 200))
      const closing = p.app.close.bind(p.app)
      let drainingWhenClosed: boolean | undefined
      p.app.close = (() => {
        drainingWhenClosed = p.ctx.lifecycle?.draining
        return closing()
      }) as typeof p.app.close
      const shutdown = gracefulShutdown(p.ctx, { app: p.app, worker, webhooks }, 20_000)
      expect(drainingWhenClosed).toBe(true)
      expect((await p.app.inject({ url: '/readyz' })).statusCode).toBe(503)
      const res = await answer
      expect(res.status).toBe(201)
      expect(JSON.parse(res.body).checkout_id).toBeTruthy()
      expect(await shutdown).toEqual({ timedOut: false })
      const row = await delivery(p, rowId)
      expect(row.status).toBe('succeeded')
      expect(row.last_status_code).toBe(200)
      // The listener is closed: a new connection is refused.
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
    } finally {
      await p.close()
    }
  })

  test('is bounded: past the timeout it returns and releases the delivery it still holds', async () => {
    const p = await createTestPlatform()
    try {
      const receiver = await slowReceiver(Number.POSITIVE_INFINITY)
      const { worker, webhooks, rowId } = await running(p, receiver.url)
      await receiver.first
      expect((await delivery(p, rowId)).locked_by).toBe(webhooks.id)
      const started = Date.now()
      expect(await gracefulShutdown(p.ctx, { app: p.app, worker, webhooks }, 800)).toEqual({ timedOut: true })
      expect(Date.now() - started).toBeLessThan(3000)
      const row = await delivery(p, rowId)
      expect(row.status).toBe('pending')
      expect(row.locked_by).toBeNull()
      expect(row.locked_until).toBeNull()
    } finally {
      for (const s of receivers) s.closeAllConnections()
      await p.close().catch(() => {})
    }
  })
})
