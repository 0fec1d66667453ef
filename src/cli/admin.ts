import { openPlatform } from '../platform.ts'
import type { AppContext } from '../context.ts'
import { createMerchant, applyOperatorSettings, findOrganization } from '../modules/organizations/index.ts'
import { setFxRate, setTaxRate } from '../modules/rates/index.ts'
import { createApiKey } from '../modules/api-keys/index.ts'
import { createProduct } from '../modules/products/index.ts'
import { canonicalRate, formatMinor } from '../lib/money.ts'
import { notFound } from '../lib/errors.ts'
import { orgId, output, parse, required, UsageError, type CommandContext } from './io.ts'

/** Runs one admin operation against the configured database, then closes it. */
export async function withPlatform<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const platform = await openPlatform()
  try {
    return await fn(platform.ctx)
  } finally {
    await platform.close()
  }
}

export async function merchantCreate(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    email: { type: 'string' },
    password: { type: 'string' },
    'org-name': { type: 'string' },
  })
  required(values, 'email', 'password', 'org-name')
  const { organization, user } = await withPlatform((ctx) =>
    createMerchant(ctx.db, { email: values.email!, password: values.password!, orgName: values['org-name']! }),
  )
  output(
    cli,
    { organization_id: organization.id, user_id: user.id, email: user.email },
    `Created organization ${organization.id} (${organization.name}) with owner ${user.email} (user ${user.id}).`,
  )
}

export async function apiKeyCreate(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    env: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
  })
  required(values, 'org', 'env')
  if (values.env !== 'sandbox' && values.env !== 'production')
    throw new UsageError('--env must be sandbox or production')
  const scopes = values.scopes
    ? values.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []
  const { row, raw } = await withPlatform(async (ctx) => {
    if (!(await findOrganization(ctx.db, orgId(values.org)))) throw notFound('Organization')
    return createApiKey(ctx.db, {
      organizationId: orgId(values.org),
      environment: values.env as 'sandbox' | 'production',
      scopes,
      name: values.name,
    })
  })
  output(cli, { id: row.id, key: raw, prefix: row.prefix, scopes: row.scopes, environment: row.environment }, [
    `API key ${row.id} (${row.environment}, scopes: ${row.scopes.length ? row.scopes.join(',') : 'all'})`,
    `Key (shown once): ${raw}`,
  ])
}

export async function productCreate(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    price: { type: 'string', multiple: true },
    currency: { type: 'string', multiple: true },
    interval: { type: 'string' },
  })
  required(values, 'org', 'name', 'price')
  const prices = values.price ?? []
  const currencies = values.currency ?? []
  if (currencies.length !== prices.length) throw new UsageError('give one --currency for each --price')
  const { product, prices: saved } = await withPlatform(async (ctx) => {
    if (!(await findOrganization(ctx.db, orgId(values.org)))) throw notFound('Organization')
    return createProduct(ctx.db, {
      organizationId: orgId(values.org),
      name: values.name!,
      description: values.description ?? null,
      prices: prices.map((amount, i) => ({
        amount,
        currency: currencies[i],
        recurring_interval: values.interval ?? null,
      })),
    })
  })
  const wirePrices = saved.map((p) => ({
    currency: p.currency,
    amount: formatMinor(p.amount_minor),
    recurring_interval: p.recurring_interval,
  }))
  output(
    cli,
    { id: product.public_id, name: product.name, organization_id: product.organization_id, prices: wirePrices },
    `Product ${product.public_id} "${product.name}": ${wirePrices.map((p) => `${p.amount} ${p.currency}`).join(', ')}`,
  )
}

export async function orgSet(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    'adhoc-products': { type: 'string' },
    'min-payment': { type: 'string' },
    'max-payment': { type: 'string' },
    'fee-percent': { type: 'string' },
    'fee-fixed': { type: 'string' },
    'price-mode': { type: 'string' },
    'reserve-percent': { type: 'string' },
    'reserve-days': { type: 'string' },
  })
  required(values, 'org')
  const org = await withPlatform((ctx) =>
    applyOperatorSettings(ctx.db, orgId(values.org), {
      adhocProducts: values['adhoc-products'],
      minPayment: values['min-payment'],
      maxPayment: values['max-payment'],
      feePercent: values['fee-percent'],
      feeFixed: values['fee-fixed'],
      priceMode: values['price-mode'],
      reservePercent: values['reserve-percent'],
      reserveDays: values['reserve-days'],
    }),
  )
  const result = {
    organization_id: org.id,
    adhoc_products: org.adhoc_products_enabled ? 'on' : 'off',
    min_payment: formatMinor(org.min_payment_minor),
    max_payment: formatMinor(org.max_payment_minor),
    fee_percent: (org.fee_percent_bp / 100).toFixed(2),
    fee_fixed: formatMinor(org.fee_fixed_minor),
    price_mode: org.price_mode,
    rolling_reserve_percent: (org.rolling_reserve_percent_bp / 100).toFixed(2),
    rolling_reserve_days: org.rolling_reserve_days,
  }
  output(
    cli,
    result,
    Object.entries(result).map(([k, v]) => `${k}: ${v}`),
  )
}

export async function fxSet(cli: CommandContext) {
  const { values } = parse(cli.argv, { from: { type: 'string' }, to: { type: 'string' }, rate: { type: 'string' } })
  required(values, 'from', 'to', 'rate')
  const row = await withPlatform((ctx) =>
    setFxRate(ctx.db, { from: values.from!.toUpperCase(), to: values.to!.toUpperCase(), rate: values.rate! }),
  )
  const rate = canonicalRate(String(row.rate))
  output(
    cli,
    { from: row.from_currency, to: row.to_currency, rate, updated_at: new Date(row.updated_at).toISOString() },
    `1 ${row.from_currency} = ${rate} ${row.to_currency}`,
  )
}

export async function taxSet(cli: CommandContext) {
  const { values } = parse(cli.argv, { country: { type: 'string' }, rate: { type: 'string' } })
  required(values, 'country', 'rate')
  const row = await withPlatform((ctx) => setTaxRate(ctx.db, { country: values.country!, ratePercent: values.rate! }))
  const rate = (row.rate_bp / 100).toFixed(2)
  output(cli, { country: row.country, rate_percent: rate, source: row.source }, `Tax rate for ${row.country}: ${rate}%`)
}
