import { dashboardFixture, type DashboardFixture } from './dashboard.ts'
import { payPayment } from './payments.ts'
import { apiKeyHeaders, checkoutBody, createCheckoutViaApi, type TestPlatform } from './platform.ts'
import { startReceiver } from './webhook-receiver.ts'

// One organization with something on every dashboard page (sandbox, the app's default environment):
// payments over the last week in two currencies, a refund, an unpaid checkout, a recurring product, a
// payment link, a webhook endpoint with a delivered event, a customer's active subscription, a test
// clock, team members of every role and an open invitation (whose email sits in the outbox).

export interface DashboardSeed {
  fixture: DashboardFixture
  /** The owner's session token. */
  token: string
  /** The seeded invitation's link, under /dashboard. */
  invitationPath: string
}

const DAY = 86_400_000
const customer = { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', country: 'DE' }

type Answer = { statusCode: number; body: string; headers: Record<string, unknown> }

async function expectOk(what: string, res: Answer) {
  if (res.statusCode >= 400) throw new Error(`seed: ${what} answered ${res.statusCode} ${res.body}`)
  return String(res.headers['content-type']).includes('json') ? JSON.parse(res.body) : null
}

export async function seedDashboard(p: TestPlatform): Promise<DashboardSeed> {
  const fixture = await dashboardFixture(p)
  const m = fixture.merchant
  // Paid payments spread over the last seven days (server clock moved back for each), USD and EUR.
  const paid: string[] = []
  for (let day = 6; day >= 0; day--) {
    p.clock.advance(-day * DAY)
    try {
      const currency = day % 3 === 0 ? 'EUR' : 'USD'
      const c = await createCheckoutViaApi(
        p.app,
        m.sandboxKey,
        checkoutBody(m.productId, { currency, products: [{ id: m.productId, quantity: 1 + (day % 3) }] }),
      )
      await payPayment(p.ctx, c.transaction_id, { settled: true })
      paid.push(c.transaction_id)
    } finally {
      p.clock.advance(day * DAY)
    }
  }
  await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.usdOnlyProductId)) // never attempted
  await expectOk(
    'refund',
    await p.app.inject({
      method: 'POST',
      url: `/api/transactions/${paid.at(-2)}/refund/`,
      headers: apiKeyHeaders(m.sandboxKey),
      payload: { amount: '5.00', reason: 'Arrived damaged' },
    }),
  )

  const plan = await expectOk(
    'product',
    await fixture.post('/api/products/', {
      name: 'Pro plan',
      description: 'Everything, billed monthly',
      prices: [{ currency: 'USD', amount: '12.00', recurring_interval: 'month' }],
    }),
  )
  await expectOk(
    'payment link',
    await fixture.post('/api/payment-links/', {
      name: 'Spring sale',
      environment: 'sandbox',
      products: [{ product_id: m.productId, quantity: 2 }],
    }),
  )

  const receiver = await startReceiver()
  try {
    const endpoint = await expectOk(
      'webhook endpoint',
      await fixture.post('/api/organization/webhooks/', { url: receiver.url, environment: 'sandbox' }),
    )
    await expectOk('test event', await fixture.post(`/api/organization/webhooks/${endpoint.id}/test/`, {}))
    // Plain polling, not vitest's waitFor: scripts/screenshots.ts seeds outside vitest too.
    for (let tries = 0; ; tries++) {
      const res = await fixture.get('/api/organization/webhooks/deliveries/?environment=sandbox')
      if (res.json().length > 0) break
      if (tries > 200) throw new Error('seed: the test event was never delivered')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    await receiver.close()
  }

  const subscription = await expectOk(
    'subscription',
    await fixture.post('/api/subscriptions/', { product_id: plan.id, currency: 'USD', customer }),
  )
  await expectOk(
    'subscription payment',
    await p.app.inject({
      method: 'POST',
      url: `/billing/${subscription.checkout_url.split('/billing/')[1]}/card`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        number: '4242424242424242',
        expiry: '12 / 34',
        cvc: '123',
        name: 'Ada Lovelace',
      }).toString(),
    }),
  )
  await expectOk('test clock', await fixture.post('/api/test-clocks/', { frozen_time: p.clock.now().toISOString() }))

  await expectOk(
    'invitation',
    await fixture.post('/api/organization/invitations/', { email: 'grace@example.com', role: 'developer' }),
  )
  const emails = await expectOk('outbox', await fixture.get('/api/organization/emails/'))
  const link = JSON.stringify(emails).match(/\/dashboard(\/accept-invitation\?token=[\w-]+)/)
  if (!link) throw new Error('seed: the invitation email has no accept-invitation link')
  return { fixture, token: fixture.tokens.owner, invitationPath: link[1] }
}
