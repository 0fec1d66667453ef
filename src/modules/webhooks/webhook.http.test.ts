import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from '../../../test/support/webhook-receiver.ts'
import { DELIVERY_TIMEOUT_MS, postWebhook, truncateUtf8 } from './webhook.http.ts'

let r: Receiver
beforeAll(async () => {
  r = await startReceiver()
})
afterAll(() => r.close())

describe('postWebhook', () => {
  it('times out after 15 s by default (shortened here) and reports it as an error without status', async () => {
    expect(DELIVERY_TIMEOUT_MS).toBe(15_000)
    r.respond = () => 'hang'
    const outcome = await postWebhook(r.url, { 'content-type': 'application/json' }, '{}', { timeoutMs: 300 })
    expect(outcome.statusCode).toBeNull()
    expect(outcome.error).toMatch(/timed out after 300 ms/)
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250)
    expect(outcome.durationMs).toBeLessThan(5_000)
  })

  it('sends the exact body and headers, keeps the first 2 KB of the answer and Retry-After', async () => {
    r.respond = () => ({ status: 429, headers: { 'retry-after': '30' }, body: 'é'.repeat(3000) })
    const body = JSON.stringify({ event: 'x', note: 'Zürich ✓' })
    const outcome = await postWebhook(r.url, { 'content-type': 'application/json', 'x-webhook-event': 'x' }, body)
    expect(outcome).toMatchObject({ statusCode: 429, retryAfter: '30', error: 'HTTP 429' })
    expect(Buffer.byteLength(outcome.body!)).toBe(2048)
    const req = r.requests.at(-1)!
    expect(req.body).toBe(body)
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(body)))
    expect(req.headers['x-webhook-event']).toBe('x')
  })

  it('reports a refused connection as an error', async () => {
    const outcome = await postWebhook('http://127.0.0.1:9/hooks', {}, '{}')
    expect(outcome.statusCode).toBeNull()
    expect(outcome.error).toMatch(/ECONNREFUSED/)
  })
})

describe('truncateUtf8', () => {
  it('never cuts a multi-byte character in half', () => {
    const text = truncateUtf8(Buffer.from('a' + '€'.repeat(1000)), 2048)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048)
    expect(text).not.toContain('\ufffd')
    expect(truncateUtf8(Buffer.from('short'))).toBe('short')
  })
})
