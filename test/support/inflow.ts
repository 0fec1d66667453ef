import { DEFAULT_FAKE_API_KEY, type FakeInflow, startFakeInflow } from '../../src/dev/fake-inflow/server.ts'
import type { FakeInflowSwitches } from '../../src/dev/fake-inflow/switches.ts'
import { runLedgerCheck } from '../../src/modules/ledger/ledger.check.ts'
import { createWorker } from '../../src/worker/registry.ts'
import { startListeningPlatform } from './browser.ts'
import { postCheckout, tokenOf } from './checkout.ts'
import { checkoutBody, createCheckoutViaApi, type Merchant, type TestPlatform } from './platform.ts'

// Kassa's production environment on the local Inflow, both on real sockets: Kassa calls the fake's
// API, the fake's page sends the customer back to Kassa, the fake's signed webhooks reach Kassa.

export const INFLOW_TEST_SECRET = `whsec_${Buffer.from('kassa-inflow-e2e-signing-secret-32b').toString('base64')}`

export interface InflowPlatform extends TestPlatform {
  baseUrl: string
  fake: FakeInflow
  worker: ReturnType<typeof createWorker>
  /** Every webhook delivered and every job it caused done. */
  settle(): Promise<void>
}

export async function startInflowPlatform(
  options: { switches?: Partial<FakeInflowSwitches>; env?: Record<string, string> } = {},
): Promise<InflowPlatform> {
  const fake = await startFakeInflow({
    webhookSecret: INFLOW_TEST_SECRET,
    switches: { settleDelayMs: 30, refundDelayMs: 30, retryDelaysMs: [200], ...options.switches },
  })
  const platform = await startListeningPlatform({
    PRODUCTION_PROVIDER: 'inflow',
    INFLOW_API_URL: fake.url,
    INFLOW_API_KEY: DEFAULT_FAKE_API_KEY,
    INFLOW_WEBHOOK_SECRET: INFLOW_TEST_SECRET,
    INFLOW_TIMEOUT_MS: '800',
    REFUND_DELAY_MS: '0',
    ...options.env,
  })
  fake.control({ webhookUrl: `${platform.baseUrl}/api/providers/inflow/webhook/` })
  const worker = createWorker(platform.ctx, 20)
  const closePlatform = platform.close
  return Object.assign(platform, {
    fake,
    worker,
    async settle() {
      for (let round = 0; round < 5; round++) {
        await fake.webhooksIdle()
        if ((await worker.drain()) === 0 && fake.webhooks.idle) return
      }
    },
    async close() {
      await fake.close()
      await closePlatform()
    },
  })
}

/** A production checkout through the API (US buyer, no tax: 25.00 USD). */
export async function productionCheckout(p: InflowPlatform, m: Merchant, overrides: Record<string, unknown> = {}) {
  const c = await createCheckoutViaApi(p.app, m.productionKey, checkoutBody(m.productId, overrides))
  return { ...c, token: tokenOf(c.checkout_url) }
}

/** Pay on Kassa's page (no card): the answer names the processor page to go to. */
export async function pressPay(p: InflowPlatform, token: string) {
  return postCheckout(p.app, 'pay', { token })
}

/** The customer on the local Inflow page with a card; returns where Inflow sends the browser. */
export async function payOnInflow(purchaseUrl: string, number: string) {
  const res = await fetch(purchaseUrl, {
    method: 'POST',
    body: new URLSearchParams({ number, expiry: '12 / 40', cvc: '123' }),
    redirect: 'manual',
  })
  if (res.status !== 303) throw new Error(`Inflow page answered ${res.status}: ${await res.text()}`)
  return res.headers.get('location') as string
}

/** Follows Inflow's redirect back to Kassa (the return or cancel route) without a browser. */
export async function comeBack(p: InflowPlatform, location: string) {
  const url = new URL(location)
  const res = await p.app.inject({ url: url.pathname + url.search })
  return { status: res.statusCode, location: res.headers.location as string | undefined }
}

export async function ledgerOk(p: InflowPlatform, organizationId: number) {
  const report = await runLedgerCheck(p.ctx.db, { organizationId })
  return {
    ok: report.ok,
    broken: report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.violations.join('; ')}`),
  }
}
