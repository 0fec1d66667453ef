import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBase62 } from '../lib/ids.ts'
import type { AppContext } from '../context.ts'
import { countOrganizations, updateOrganization, createMerchant } from '../modules/organizations/index.ts'
import { createApiKey } from '../modules/api-keys/index.ts'
import { createProduct } from '../modules/products/index.ts'
export interface DemoCredentials {
  organization_id: number
  email: string
  password: string
  sandbox_api_key: string
  product_ids: string[]
}

const credentialsFile = (ctx: AppContext) => join(ctx.config.dataDir, 'demo-credentials.json')

/**
 * First start on an empty embedded database: a demo merchant, two products and a sandbox key.
 * The credentials are kept (mode 0600) in the data dir so later starts can print them again.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<DemoCredentials | null> {
  if ((await countOrganizations(ctx.db)) > 0) {
    const file = credentialsFile(ctx)
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials) : null
  }
  const password = `demo-${randomBase62(12)}`
  const { organization } = await createMerchant(ctx.db, { email: 'demo@kassa.local', password, orgName: 'Demo Store' })
  await updateOrganization(ctx.db, organization.id, {
    adhoc_products_enabled: true,
    website: 'https://demo.example',
    price_mode: 'HT',
  })
  const tshirt = await createProduct(ctx.db, {
    organizationId: organization.id,
    name: 'Kassa T-shirt',
    description: 'Organic cotton',
    prices: [
      { currency: 'USD', amount: '25.00' },
      { currency: 'EUR', amount: '23.00' },
    ],
  })
  const plan = await createProduct(ctx.db, {
    organizationId: organization.id,
    name: 'Pro plan (monthly)',
    description: 'Everything, every month',
    prices: [{ currency: 'USD', amount: '49.99', recurring_interval: 'month' }],
  })
  const key = await createApiKey(ctx.db, {
    organizationId: organization.id,
    environment: 'sandbox',
    scopes: [],
    name: 'Demo sandbox key',
  })
  const credentials: DemoCredentials = {
    organization_id: organization.id,
    email: 'demo@kassa.local',
    password,
    sandbox_api_key: key.raw,
    product_ids: [tshirt.product.public_id, plan.product.public_id],
  }
  writeFileSync(credentialsFile(ctx), JSON.stringify(credentials, null, 2), { mode: 0o600 })
  return credentials
}

export function banner(ctx: AppContext, demo: DemoCredentials | null, withWorker: boolean): string {
  const base = ctx.config.publicUrl
  const lines = [
    '',
    `  ${ctx.config.platformName} is running (${ctx.dbKind === 'pglite' ? `embedded PostgreSQL in ${ctx.config.dataDir}` : 'PostgreSQL'}${withWorker ? ', worker on' : ', worker off'})`,
    '',
    `  API base        ${base}/api/   (sandbox mirror: ${base}/sandbox/api/)`,
    `  API docs        ${base}/api/docs/`,
    `  OpenAPI         ${base}/api/schema/`,
    `  Dashboard       ${base}/dashboard/`,
    `  Health          ${base}/healthz`,
  ]
  if (demo) {
    const body = JSON.stringify({
      billing_country: 'US',
      billing_postal_code: '94103',
      billing_first_name: 'Ada',
      billing_last_name: 'Lovelace',
      billing_email: 'ada@example.com',
      currency: 'USD',
      products: [{ id: demo.product_ids[0], quantity: 2 }],
    })
    lines.push(
      '',
      `  Demo login      ${demo.email} / ${demo.password}`,
      `  Sandbox API key ${demo.sandbox_api_key}`,
      '',
      '  Create a hosted checkout:',
      `    curl -s -X POST ${base}/api/checkout/create/ \\`,
      `      -H "Authorization: Api-Key ${demo.sandbox_api_key}" -H "Content-Type: application/json" \\`,
      `      -d '${body}'`,
      '',
      '  Then read the payment back (use the transaction_id from the answer):',
      `    curl -s ${base}/api/transactions/TX…/ -H "Authorization: Api-Key ${demo.sandbox_api_key}"`,
    )
  }
  return lines.join('\n') + '\n'
}
