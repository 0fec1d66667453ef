import { afterAll, beforeAll, expect, test } from 'vitest'
import pino from 'pino'
import { Writable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import {
  createTestPlatform,
  createMerchantFixture,
  checkoutBody,
  apiKeyHeaders,
  type TestPlatform,
  type Merchant,
} from '../support/platform.ts'

const lines: string[] = []
let p: TestPlatform
let m: Merchant
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  p = await createTestPlatform({ log: pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

test('a 5xx never leaks internals and carries a request_id that is in the logs', async () => {
  // Break the database under the app: the next query fails with an internal error.
  await p.ctx.db.schema.alterTable('checkout_sessions').renameTo('checkout_sessions_moved').execute()
  try {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/checkout/create/',
      headers: apiKeyHeaders(m.sandboxKey),
      payload: checkoutBody(m.productId),
    })
    expect(res.statusCode).toBe(500)
    const body = res.json()
    expect(body).toEqual({
      detail: 'Internal server error.',
      code: 'internal_error',
      request_id: expect.stringMatching(/^req_/),
    })
    expect(res.body).not.toMatch(/checkout_sessions|relation|SQL/i)
    expect(lines.some((l) => l.includes(body.request_id) && l.includes('"level":50'))).toBe(true)
  } finally {
    await p.ctx.db.schema.alterTable('checkout_sessions_moved').renameTo('checkout_sessions').execute()
  }
})

test('every log line of a request carries its request id; API keys are never logged', async () => {
  lines.length = 0
  await p.app.inject({ url: '/api/transactions/TXnothing/', headers: apiKeyHeaders(m.sandboxKey) })
  const requestLines = lines.filter((l) => l.includes('"reqId"'))
  expect(requestLines.length).toBeGreaterThan(0)
  expect(lines.join('\n')).not.toContain(m.sandboxKey)
})
