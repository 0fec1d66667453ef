import type { AddressInfo } from 'node:net'
import { Kassa, type KassaOptions } from '@kassa/node'
import {
  checkoutBody,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../../../test/support/platform.ts'
import { CARDS, card, postCheckout } from '../../../test/support/checkout.ts'
import { login, tokenHeaders } from '../../../test/support/dashboard.ts'

/** A real Kassa (whole app, fresh database) listening on a free local port, and a merchant with keys. */
export interface LiveKassa {
  p: TestPlatform
  m: Merchant
  baseUrl: string
  /** A client for the merchant's sandbox key. */
  client(options?: Partial<KassaOptions>): Kassa
  close(): Promise<void>
}

export async function startKassa(env: Record<string, string> = {}): Promise<LiveKassa> {
  const p = await createTestPlatform({ env })
  const m = await createMerchantFixture(p.ctx)
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
  return {
    p,
    m,
    baseUrl,
    client: (options = {}) => new Kassa({ apiKey: m.sandboxKey, baseUrl, ...options }),
    close: () => p.close(),
  }
}

/** Pays a checkout through the hosted page's JSON endpoint with the success test card. */
export async function payCheckout(live: LiveKassa, token: string) {
  const paid = await postCheckout(live.p.app, 'pay', { token, card: card(CARDS.success) })
  if (paid.statusCode !== 200) throw new Error(`pay failed: ${paid.statusCode} ${paid.body}`)
}

export const sdkCheckoutBody = (live: LiveKassa, overrides: Record<string, unknown> = {}) =>
  checkoutBody(live.m.usdOnlyProductId, overrides) as Parameters<Kassa['checkout']['create']>[0]

/** Adds a webhook endpoint through the dashboard API; returns its id and signing secret. */
export async function addWebhookEndpoint(
  live: LiveKassa,
  url: string,
  environment: 'sandbox' | 'production' = 'sandbox',
) {
  const token = await login(live.p.app, live.m.email, live.m.password)
  const res = await live.p.app.inject({
    method: 'POST',
    url: '/api/organization/webhooks/',
    headers: tokenHeaders(token),
    payload: { url, environment },
  })
  if (res.statusCode !== 201) throw new Error(`endpoint create failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; secret: string }
}
