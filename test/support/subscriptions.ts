import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createMerchantFixture, createTestPlatform, type Merchant, type TestPlatform } from './platform.ts'
import { login, tokenHeaders } from './dashboard.ts'
import { runLedgerCheck } from '../../src/modules/ledger/index.ts'

// Shared steps of the subscription tests: a merchant with a monthly plan, the dashboard API, the
// customer's billing page, test clocks and the ledger check.

export type Charge = { id: string; kind: string; status: string; created_at: string }
export const customer = { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', country: 'DE' }

export interface SubscriptionHarness {
  p: TestPlatform
  m: Merchant
  productId: string
  api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>
  newProduct(amount: string): Promise<string>
  newSubscription(body?: Record<string, unknown>): Promise<{ id: string; checkout_url: string }>
  payOnPage(billingToken: string, number?: string): Promise<LightMyRequestResponse>
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body read by tests
  get(id: string): Promise<any>
  ledgerClean(): Promise<void>
  newClock(at: string): Promise<string>
  advance(clock: string, at: string): Promise<unknown>
}

export const tokenOf = (sub: { checkout_url: string }) => sub.checkout_url.split('/billing/')[1]

export async function subscriptionHarness(): Promise<SubscriptionHarness> {
  const p = await createTestPlatform()
  const m = await createMerchantFixture(p.ctx)
  const token = await login(p.app, m.email, m.password)
  const api: SubscriptionHarness['api'] = (method, url, payload) =>
    p.app.inject({
      method,
      url,
      headers: tokenHeaders(token),
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const newProduct = async (amount: string) => {
    const res = await api('POST', '/api/products/', {
      name: `Plan ${amount}`,
      prices: [{ currency: 'USD', amount, recurring_interval: 'month' }],
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  const productId = await newProduct('12.00')
  const h: SubscriptionHarness = {
    p,
    m,
    productId,
    api,
    newProduct,
    async newSubscription(body = {}) {
      const res = await api('POST', '/api/subscriptions/', {
        product_id: productId,
        currency: 'USD',
        customer,
        ...body,
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json()
    },
    payOnPage(billingToken, number = '4242424242424242') {
      return p.app.inject({
        method: 'POST',
        url: `/billing/${billingToken}/card`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ number, expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' }).toString(),
      })
    },
    get: async (id) => (await api('GET', `/api/subscriptions/${id}/`)).json(),
    async ledgerClean() {
      const report = await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })
      expect(report.checks.filter((c) => !c.ok)).toEqual([])
    },
    async newClock(at) {
      const res = await api('POST', '/api/test-clocks/', { frozen_time: at })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    },
    async advance(clock, at) {
      const res = await api('POST', `/api/test-clocks/${clock}/advance/`, { frozen_time: at })
      expect(res.statusCode, res.body).toBe(200)
      return res.json()
    },
  }
  return h
}
