import crypto from 'node:crypto'
import fc from 'fast-check'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  buildDeliveryHeaders,
  generateWebhookSecret,
  signKassa,
  signStandard,
  verifyKassaSignature,
} from './signature.ts'

const nowSec = () => Math.floor(Date.now() / 1000)

const body = JSON.stringify({
  event: 'transaction.status_changed',
  event_id: 'evt_1',
  transaction_id: 'TX123',
  order_id: 'chk_1',
  amount: '99.00',
  status: 'paid',
  currency: 'EUR',
  depositAttempts: [{ status: 'succeeded', note: 'Zürich ✓' }],
})

function deliveryHeaders(secret: string, rawBody = body, timestampSec = nowSec()) {
  return buildDeliveryHeaders({
    secret,
    eventType: 'transaction.status_changed',
    deliveryId: crypto.randomUUID(),
    timestampSec,
    rawBody,
  })
}

describe('generateWebhookSecret', () => {
  it('is whsec_ + base64 of 24 random bytes, accepted by the official library', () => {
    const secret = generateWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24)
    expect(() => new Webhook(secret)).not.toThrow()
    expect(generateWebhookSecret()).not.toBe(secret)
  })
})

describe('X-Webhook-Signature (Kassa scheme: sha256=<hex HMAC-SHA256 of the raw body>)', () => {
  it('matches the Node snippet from the product docs, keyed with the secret string as shown', () => {
    const secret = generateWebhookSecret()
    const headers = deliveryHeaders(secret)
    // The receiver's code, verbatim from the docs.
    const expected = crypto.createHmac('sha256', secret).update(body).digest('hex')
    expect(headers['X-Webhook-Signature']).toBe(`sha256=${expected}`)
    expect(verifyKassaSignature(secret, body, headers['X-Webhook-Signature'])).toBe(true)
  })

  it('matches a fixed vector (guards against keying with the decoded secret instead)', () => {
    expect(signKassa('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{"a":1}')).toBe(
      'sha256=45ec03b2b33403c8043a90de06bedad0827183927115fd7e448ef97eeb13c5be',
    )
  })

  it('fails for any other body or secret', () => {
    const secret = generateWebhookSecret()
    const signature = signKassa(secret, body)
    expect(verifyKassaSignature(secret, body + ' ', signature)).toBe(false)
    expect(verifyKassaSignature(generateWebhookSecret(), body, signature)).toBe(false)
    expect(verifyKassaSignature(secret, body, undefined)).toBe(false)
    expect(verifyKassaSignature(secret, body, signature.replace('sha256=', ''))).toBe(false)
  })
})

describe('webhook-signature (Standard Webhooks)', () => {
  it('verifies with the official standardwebhooks package', () => {
    const secret = generateWebhookSecret()
    const headers = deliveryHeaders(secret)
    const payload = new Webhook(secret).verify(body, headers)
    expect(payload).toEqual(JSON.parse(body))
  })

  it('matches the example in the Standard Webhooks specification', () => {
    const signature = signStandard(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('agrees with the official signer for arbitrary bodies, ids and timestamps', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.uuid(),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.string({ unit: 'grapheme' }),
        (keyBytes, msgId, timestampSec, rawBody) => {
          const secret = 'whsec_' + Buffer.from(keyBytes).toString('base64')
          const official = new Webhook(secret).sign(msgId, new Date(timestampSec * 1000), rawBody)
          expect(signStandard(secret, msgId, timestampSec, rawBody)).toBe(official)
        },
      ),
    )
  })

  it('is refused by the official package when body, id or secret differ, or the timestamp is stale', () => {
    const secret = generateWebhookSecret()
    const headers = deliveryHeaders(secret)
    const wh = new Webhook(secret)
    expect(() => wh.verify(body.replace('paid', 'failed'), headers)).toThrow()
    expect(() => wh.verify(body, { ...headers, 'webhook-id': crypto.randomUUID() })).toThrow()
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow()
    const stale = deliveryHeaders(secret, body, nowSec() - 3600)
    expect(() => wh.verify(body, stale)).toThrow(/timestamp/i)
  })

  it('refuses a secret without key material and a non-integer timestamp', () => {
    expect(() => signStandard('whsec_', 'id', 1, '{}')).toThrow()
    expect(() => signStandard(generateWebhookSecret(), 'id', 1.5, '{}')).toThrow(RangeError)
  })
})

describe('buildDeliveryHeaders', () => {
  it('sets every documented header, with one id and one timestamp for both schemes', () => {
    const secret = generateWebhookSecret()
    const deliveryId = '3f1c2b9e-7a4d-4c7e-9b1a-2d5e6f708192'
    const headers = buildDeliveryHeaders({
      secret,
      eventType: 'refund.status_changed',
      deliveryId,
      timestampSec: 1_700_000_000,
      rawBody: '{}',
    })
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': 'Kassa-Webhooks/1.0',
      'X-Webhook-Event': 'refund.status_changed',
      'X-Webhook-Delivery-Id': deliveryId,
      'X-Webhook-Timestamp': '1700000000',
      'X-Webhook-Signature': signKassa(secret, '{}'),
      'webhook-id': deliveryId,
      'webhook-timestamp': '1700000000',
      'webhook-signature': signStandard(secret, deliveryId, 1_700_000_000, '{}'),
    })
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
  })
})
