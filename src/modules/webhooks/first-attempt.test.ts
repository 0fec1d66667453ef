import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendTestEvent } from './deliveries.service.ts'
import { WebhookDispatcher } from './dispatcher.ts'
import { createEndpoint } from './endpoints.service.ts'
import { deliverAndAwaitFirstAttempt } from './first-attempt.ts'

let p: TestPlatform
let m: Merchant
let status = 200
let received = 0
let receiver: http.Server
let arrived: (() => void) | null = null
const scope = () => ({ organizationId: m.organizationId, environment: 'sandbox' as const })

beforeAll(async () => {
  p = await createTestPlatform()
  m = await createMerchantFixture(p.ctx)
  // Answers after 300 ms, so the command is already waiting while the other worker's attempt is in flight.
  receiver = http.createServer((req, res) => {
    req.resume()
    received++
    arrived?.()
    setTimeout(() => res.writeHead(status).end('ok'), 300)
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  await createEndpoint(p.ctx, scope(), { url: `http://127.0.0.1:${port}/hooks` })
})
afterAll(async () => {
  receiver.closeAllConnections()
  await new Promise((resolve) => receiver.close(resolve))
  await p.close()
})

/** A running worker claims the delivery before the command does (its lease is held while it posts). */
async function claimedByAnotherWorker(rowId: number) {
  const posted = new Promise<void>((resolve) => {
    arrived = resolve
  })
  const delivered = new WebhookDispatcher(p.ctx, { listenUrl: null }).deliverNow([rowId])
  await posted
  return { delivered }
}

describe('kassa webhook test: the first attempt, whoever makes it', () => {
  it('reports the other worker’s 2xx as succeeded instead of pending', async () => {
    status = 200
    const queued = await sendTestEvent(p.ctx, scope())
    const rowId = queued.deliveries[0].row_id
    const other = await claimedByAnotherWorker(rowId)
    const [outcome] = await deliverAndAwaitFirstAttempt(p.ctx, [rowId], { timeoutMs: 10_000 })
    const [theirs] = await other.delivered
    expect(theirs).toMatchObject({ status: 'succeeded', statusCode: 200 })
    expect(outcome).toMatchObject({ deliveryRowId: rowId, status: 'succeeded', statusCode: 200 })
    expect(received).toBe(1)
  })

  it('reports a non-2xx first attempt as failed, with its status code', async () => {
    status = 503
    const queued = await sendTestEvent(p.ctx, scope())
    const rowId = queued.deliveries[0].row_id
    const other = await claimedByAnotherWorker(rowId)
    const [outcome] = await deliverAndAwaitFirstAttempt(p.ctx, [rowId], { timeoutMs: 10_000 })
    await other.delivered
    expect(outcome).toMatchObject({ status: 'failed', statusCode: 503 })
  })

  it('attempts the delivery itself when no worker has claimed it', async () => {
    status = 204
    const queued = await sendTestEvent(p.ctx, scope())
    const [outcome] = await deliverAndAwaitFirstAttempt(p.ctx, [queued.deliveries[0].row_id])
    expect(outcome).toMatchObject({ status: 'succeeded', statusCode: 204 })
  })
})
