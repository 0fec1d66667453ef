import { afterAll, beforeAll, expect, test } from 'vitest'
import { Kassa, KassaError } from '@kassa/node'
import { createKey } from '../../../test/support/platform.ts'
import { sdkCheckoutBody, startKassa, type LiveKassa } from './support.ts'

// Typed errors from a real Kassa: the SDK turns `{detail, code, errors?}` into KassaError.

let live: LiveKassa
let kassa: Kassa
beforeAll(async () => {
  live = await startKassa()
  kassa = live.client()
})
afterAll(async () => {
  await live?.close()
})

async function failure(call: PromiseLike<unknown>): Promise<KassaError> {
  const error = await Promise.resolve(call).then(
    () => null,
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(KassaError)
  return error as KassaError
}

test('400: validation errors name every failing field', async () => {
  const body = { ...sdkCheckoutBody(live), billing_email: 'not-an-email', products: [] }
  const error = await failure(kassa.checkout.create(body))
  expect(error).toMatchObject({ status: 400, code: 'validation_error' })
  expect(error.errors?.billing_email?.[0]).toMatch(/email/)
  expect(error.errors?.products).toBeDefined()
  expect(error.detail).toMatch(/billing_email/)
  // A refund that is not possible (payment not paid) is a 400 with its own code.
  const checkout = await kassa.checkout.create(sdkCheckoutBody(live))
  const refund = await failure(kassa.refunds.create(checkout.transaction_id, { reason: 'too early' }))
  expect(refund.status).toBe(400)
  expect(refund.code).not.toBe('validation_error')
})

test('401: an unknown key', async () => {
  const stranger = new Kassa({ apiKey: 'sk_test_not_a_real_key', baseUrl: live.baseUrl })
  const error = await failure(stranger.payments.get('TX1'))
  expect(error).toMatchObject({ status: 401, code: 'not_authenticated', detail: 'Invalid or revoked API key.' })
  expect(error.headers.get('www-authenticate')).toBe('Api-Key')
})

test('403: a key without the scope, and a production key on the sandbox base path', async () => {
  const readOnly = await createKey(live.p.ctx, live.m.organizationId, 'sandbox', ['payments:read'])
  const limited = live.client({ apiKey: readOnly })
  const error = await failure(limited.checkout.create(sdkCheckoutBody(live)))
  expect(error).toMatchObject({ status: 403, code: 'insufficient_scope' })
  expect(error.detail).toMatch(/checkout:create/)
  const mirror = new Kassa({ apiKey: live.m.productionKey, baseUrl: `${live.baseUrl}/sandbox` })
  expect(await failure(mirror.refunds.list())).toMatchObject({ status: 403, code: 'environment_mismatch' })
})

test('404: unknown payment, refund and checkout', async () => {
  for (const call of [
    () => kassa.payments.get('TXnope'),
    () => kassa.refunds.get('RFnope'),
    () => kassa.checkout.get('nope'),
  ]) {
    const error = await failure(call())
    expect(error).toMatchObject({ status: 404, code: 'not_found' })
    expect(error.detail).toMatch(/not found/)
  }
})

test('409: an Idempotency-Key reused with another body', async () => {
  const idempotencyKey = `reuse-${Date.now()}`
  await kassa.checkout.create(sdkCheckoutBody(live), { idempotencyKey })
  const error = await failure(
    kassa.checkout.create(sdkCheckoutBody(live, { billing_first_name: 'Grace' }), { idempotencyKey }),
  )
  expect(error).toMatchObject({ status: 409, code: 'idempotency_key_reused' })
})

test('idempotent replay: the same key answers the first response, marked Idempotent-Replayed', async () => {
  const idempotencyKey = `order-${Date.now()}`
  const first = await kassa.checkout.create(sdkCheckoutBody(live), { idempotencyKey })
  const again = await kassa.checkout.create(sdkCheckoutBody(live), { idempotencyKey })
  expect(first.lastResponse).toMatchObject({ replayed: false, idempotencyKey, status: 201 })
  expect(again.lastResponse).toMatchObject({ replayed: true, idempotencyKey, status: 201 })
  expect(again.lastResponse.headers.get('idempotent-replayed')).toBe('true')
  expect(again).toEqual(first)
  // Without an explicit key every call gets its own: two calls, two checkouts.
  const a = await kassa.checkout.create(sdkCheckoutBody(live))
  const b = await kassa.checkout.create(sdkCheckoutBody(live))
  expect(a.lastResponse.idempotencyKey).not.toBe(b.lastResponse.idempotencyKey)
  expect(a.checkout_id).not.toBe(b.checkout_id)
  // idempotencyKey: null sends none.
  const none = await kassa.checkout.create(sdkCheckoutBody(live), { idempotencyKey: null })
  expect(none.lastResponse.idempotencyKey).toBeUndefined()
})
