import { Webhook } from 'svix'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_FAKE_API_KEY, type FakeInflow, startFakeInflow } from '../../../dev/fake-inflow/server.ts'
import { ProviderRejectedError, ProviderUncertainError, WebhookVerificationError } from '../seam.ts'
import { createInflowProvider } from './inflow.provider.ts'
import { mapInflowStatus, toProviderPayment } from './inflow.status.ts'
import { INFLOW_STATUSES, type InflowPayment } from './inflow.types.ts'
import { svixKey, verifySvix } from './svix.ts'

const SECRET = `whsec_${Buffer.from('inflow-adapter-test-secret-0123456789').toString('base64')}`
let fake: FakeInflow
let inflow: ReturnType<typeof createInflowProvider>

beforeAll(async () => {
  fake = await startFakeInflow()
  inflow = createInflowProvider({
    apiUrl: fake.url,
    apiKey: DEFAULT_FAKE_API_KEY,
    webhookSecret: SECRET,
    timeoutMs: 5000,
  })
})
afterAll(() => fake.close())

const startInput = {
  reference: 'att_abc',
  amountMinor: 12000,
  currency: 'USD',
  customerEmail: 'ada@example.com',
  description: 'Order cs_1 · Shop',
  returnUrl: 'http://kassa.test/checkout/t/return',
  cancelUrl: 'http://kassa.test/checkout/t/cancel',
  metadata: { checkoutSessionId: 'cs_1', paymentId: 'TX1' },
}
const start = () => inflow.startPayment(startInput)

const payment = (overrides: Partial<InflowPayment> = {}): InflowPayment => ({
  id: 'pay_1',
  amountInCents: 12000,
  currency: 'USD',
  status: 'CHECKOUT_PENDING',
  customerEmail: 'ada@example.com',
  metadatas: { kassaReference: 'att_abc' },
  depositStatus: null,
  lastDepositAttempt: null,
  depositAttempts: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:01.000Z',
  ...overrides,
})

describe('status mapping', () => {
  test('only explicit success or failure leaves processing; unknown words stay processing', () => {
    const mapped = Object.fromEntries(INFLOW_STATUSES.map((s) => [s, mapInflowStatus(s)]))
    expect(mapped).toEqual({
      INITIATION: 'processing',
      CHECKOUT_PENDING: 'processing',
      CHECKOUT_SUCCESS: 'succeeded',
      CHECKOUT_CANCELED: 'canceled',
      CANCELED: 'canceled',
      PAYMENT_RECEIVED: 'succeeded',
      PAYMENT_SUCCESS: 'succeeded',
      PAYMENT_FAILED: 'failed',
      REFUND_PENDING: 'succeeded',
      PARTIAL_REFUNDED: 'succeeded',
      FULLY_REFUNDED: 'succeeded',
      REFUND_FAILED: 'succeeded',
    })
    expect(mapInflowStatus('SOMETHING_NEW')).toBe('processing')
  })

  test('deposit pending on CHECKOUT_SUCCESS / PAYMENT_RECEIVED, settled on PAYMENT_SUCCESS; failure message from the attempt', () => {
    expect(toProviderPayment(payment({ status: 'CHECKOUT_SUCCESS' })).depositStatus).toBe('pending')
    expect(toProviderPayment(payment({ status: 'PAYMENT_RECEIVED' })).depositStatus).toBe('pending')
    expect(toProviderPayment(payment({ status: 'PAYMENT_SUCCESS' })).depositStatus).toBe('succeeded')
    const attempt = {
      status: 'failed',
      amount: 12000,
      paymentMethod: 'card',
      error: 'Your card was declined.',
      attemptedAt: '2026-12-01T10:00:02.000Z',
    }
    const failed = toProviderPayment(
      payment({ status: 'PAYMENT_FAILED', lastDepositAttempt: attempt, depositAttempts: [attempt] }),
    )
    expect(failed).toMatchObject({
      status: 'failed',
      failureMessage: 'Your card was declined.',
      reference: 'att_abc',
      attempts: [{ status: 'failed', amountMinor: 12000 }],
    })
    expect(toProviderPayment(payment({ status: 'FULLY_REFUNDED' })).refund).toBe('completed')
    expect(toProviderPayment(payment({ status: 'REFUND_FAILED' })).refund).toBe('failed')
  })
})

describe('Svix verification', () => {
  const key = svixKey(SECRET)
  const body = JSON.stringify({ data: [{ eventType: 'payment_status_updated', payload: payment() }] })
  const signed = (id: string, at: Date) => {
    const headers = new Webhook(SECRET).sign(id, at, body)
    return { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': headers }
  }

  test('accepts what the svix package signs (also among several v1 entries)', () => {
    const now = new Date()
    const headers = signed('msg_1', now)
    expect(verifySvix(key, body, headers, now)).toBe('msg_1')
    expect(verifySvix(key, body, { ...headers, 'svix-signature': `v1,AAAA ${headers['svix-signature']}` }, now)).toBe(
      'msg_1',
    )
    const events = inflow.verifyWebhook?.({ rawBody: body, headers, now })
    expect(events).toMatchObject([
      {
        deliveryId: 'msg_1',
        type: 'payment_status_updated',
        payment: { providerPaymentId: 'pay_1', status: 'processing' },
      },
    ])
  })

  test('bad signature, changed body, other secret, missing headers, old or future timestamp → refused', () => {
    const now = new Date()
    const headers = signed('msg_2', now)
    const refuse = (b: string, h: Record<string, string>, at = now) =>
      expect(() => verifySvix(key, b, h, at)).toThrow(WebhookVerificationError)
    refuse(body, { ...headers, 'svix-signature': 'v1,bm90IGl0' })
    refuse(body.replace('12000', '12001'), headers)
    refuse(body, { ...headers, 'svix-id': 'msg_other' })
    refuse(body, { 'svix-id': 'msg_2', 'svix-timestamp': headers['svix-timestamp'] } as Record<string, string>)
    refuse(body, headers, new Date(now.getTime() + 5 * 60_000 + 2000))
    refuse(body, headers, new Date(now.getTime() - 5 * 60_000 - 2000))
    expect(verifySvix(key, body, headers, new Date(now.getTime() + 4 * 60_000))).toBe('msg_2')
  })
})

describe('adapter against the local Inflow', () => {
  test('start → redirect to purchaseUrl, Kassa reference kept in metadatas, read back', async () => {
    const started = await start()
    expect(started).toMatchObject({ kind: 'redirect', redirectUrl: expect.stringContaining('/pay/pay_') })
    if (started.kind !== 'redirect') throw new Error('expected a redirect')
    const read = await inflow.readPayment({ providerPaymentId: started.providerPaymentId })
    expect(read).toMatchObject({ status: 'processing', amountMinor: 12000, currency: 'USD', reference: 'att_abc' })
    expect(fake.store.get(started.providerPaymentId)?.metadatas).toMatchObject({
      checkoutSessionId: 'cs_1',
      paymentId: 'TX1',
    })
  })

  test('500 and timeout are uncertain (reconcile by reading); 4xx is a certain refusal', async () => {
    fake.control({ failNextCreate: true })
    await expect(start()).rejects.toBeInstanceOf(ProviderUncertainError)
    fake.control({ hangNextCreate: true })
    // A short timeout only here: a loaded machine must not turn ordinary answers into timeouts.
    const impatient = createInflowProvider({
      apiUrl: fake.url,
      apiKey: DEFAULT_FAKE_API_KEY,
      webhookSecret: SECRET,
      timeoutMs: 300,
    })
    await expect(impatient.startPayment(startInput)).rejects.toBeInstanceOf(ProviderUncertainError)
    await expect(
      inflow.startPayment({
        reference: 'r',
        amountMinor: 100,
        currency: 'USD',
        customerEmail: 'a@b.co',
        description: 'x',
        returnUrl: 'http://a.test',
        cancelUrl: 'http://a.test',
        metadata: {},
      }),
    ).rejects.toBeInstanceOf(ProviderRejectedError)
    const wrongKey = createInflowProvider({ apiUrl: fake.url, apiKey: 'nope', webhookSecret: SECRET, timeoutMs: 300 })
    await expect(wrongKey.readPayment({ providerPaymentId: 'pay_x' })).rejects.toMatchObject({ statusCode: 401 })
  })

  test('refund: processing, then completed by reading; refused before payment', async () => {
    const started = await start()
    if (started.kind !== 'redirect') throw new Error('expected a redirect')
    const id = started.providerPaymentId
    expect(
      await inflow.refund({ providerPaymentId: id, amountMinor: 12000, currency: 'USD', reference: 'RF1' }),
    ).toMatchObject({ status: 'rejected' })
    expect(await inflow.readRefund?.({ providerPaymentId: id, providerRefundId: null })).toEqual({
      status: 'not_found',
    })
    await fetch(started.redirectUrl, {
      method: 'POST',
      body: new URLSearchParams({ number: '4242424242424242', expiry: '12/40', cvc: '123' }),
      redirect: 'manual',
    })
    expect(
      await inflow.refund({ providerPaymentId: id, amountMinor: 12000, currency: 'USD', reference: 'RF1' }),
    ).toMatchObject({ status: 'processing' })
    await new Promise((r) => setTimeout(r, 150))
    expect(await inflow.readRefund?.({ providerPaymentId: id, providerRefundId: null })).toMatchObject({
      status: 'completed',
    })
  })
})

describe('readCharge (a lost answer read back)', () => {
  const read = (providerPaymentId: string | null, reference = startInput.reference) =>
    inflow.readCharge?.({
      providerPaymentId,
      reference,
      paymentMethodId: '',
      amountMinor: 12000,
      currency: 'USD',
      offSession: true,
    })

  test('by id: undecided is uncertain, paid is succeeded; other reference or unknown id: not_found; no id: uncertain', async () => {
    const started = await start()
    if (started.kind !== 'redirect') throw new Error('expected a redirect')
    await expect(read(started.providerPaymentId)).rejects.toBeInstanceOf(ProviderUncertainError)
    await fetch(started.redirectUrl, {
      method: 'POST',
      body: new URLSearchParams({ number: '4242424242424242', expiry: '12/40', cvc: '123' }),
      redirect: 'manual',
    })
    expect(await read(started.providerPaymentId)).toMatchObject({
      outcome: 'succeeded',
      providerPaymentId: started.providerPaymentId,
    })
    expect(await read(started.providerPaymentId, 'att_other')).toEqual({ outcome: 'not_found' })
    expect(await read('pay_missing')).toEqual({ outcome: 'not_found' })
    await expect(read(null)).rejects.toBeInstanceOf(ProviderUncertainError)
  })
})
