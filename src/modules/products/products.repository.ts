import { sql } from 'kysely'
import type { Database } from '../../db/database.ts'
import { prepared } from '../../db/prepared.ts'

export function insertProduct(
  db: Database,
  row: { public_id: string; organization_id: number; name: string; description: string | null },
) {
  return db.insertInto('products').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function upsertPrice(
  db: Database,
  row: {
    product_id: number
    currency: string
    amount_minor: number
    recurring_interval: string | null
    recurring_interval_count?: number
    trial_days?: number | null
  },
  /** A new price id: the old one is subscribed and its amount or cadence changes. */
  newPublicId?: string,
) {
  await db
    .insertInto('product_prices')
    .values(newPublicId ? { ...row, public_id: newPublicId } : row)
    .onConflict((oc) =>
      oc.columns(['product_id', 'currency']).doUpdateSet({
        amount_minor: row.amount_minor,
        recurring_interval: row.recurring_interval,
        recurring_interval_count: row.recurring_interval_count ?? 1,
        trial_days: row.trial_days ?? null,
        ...(newPublicId ? { public_id: newPublicId } : {}),
      }),
    )
    .execute()
}

/** Whether any subscription (in any state) was sold at the price. */
export async function isPriceSubscribed(db: Database, pricePublicId: string): Promise<boolean> {
  const row = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('price_id', '=', pricePublicId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export function findProductByPublicId(db: Database, organizationId: number, publicId: string) {
  return db
    .selectFrom('products')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', publicId)
    .executeTakeFirst()
}

export function listPrices(db: Database, productIds: number[]) {
  if (productIds.length === 0) return Promise.resolve([])
  return db.selectFrom('product_prices').selectAll().where('product_id', 'in', productIds).execute()
}

/** Active products of one organization with their price in one currency (null price = not sold in it). */
export function findSellableProducts(db: Database, organizationId: number, publicIds: string[], currency: string) {
  if (publicIds.length === 0) return Promise.resolve([])
  return sellableProducts(db, organizationId, publicIds, currency)
}

// Checkout create's hot path: compiled once per number of ids (see prepared()).
const sellableProducts = prepared((db: Database, organizationId: number, publicIds: string[], currency: string) =>
  db
    .selectFrom('products')
    .leftJoin('product_prices', (join) =>
      join.onRef('product_prices.product_id', '=', 'products.id').on('product_prices.currency', '=', currency),
    )
    .select([
      'products.id',
      'products.public_id',
      'products.name',
      'products.status',
      'product_prices.amount_minor',
      'product_prices.public_id as price_id',
      'product_prices.recurring_interval',
      'product_prices.recurring_interval_count',
      'product_prices.trial_days',
    ])
    .where('products.organization_id', '=', organizationId)
    .where('products.public_id', 'in', publicIds),
)

export function lockProduct(db: Database, organizationId: number, publicId: string) {
  return db
    .selectFrom('products')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', publicId)
    .forUpdate()
    .executeTakeFirst()
}

export async function listProducts(
  db: Database,
  organizationId: number,
  status: 'active' | 'archived' | null,
  page: { limit: number; offset: number },
) {
  let base = db.selectFrom('products').where('organization_id', '=', organizationId)
  if (status) base = base.where('status', '=', status)
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export function updateProduct(
  db: Database,
  id: number,
  patch: { name?: string; description?: string | null; status?: 'active' | 'archived'; updated_at: Date },
) {
  return db.updateTable('products').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

export async function deletePricesExcept(db: Database, productId: number, currencies: string[]) {
  let query = db.deleteFrom('product_prices').where('product_id', '=', productId)
  if (currencies.length) query = query.where('currency', 'not in', currencies)
  await query.execute()
}

export async function deleteProduct(db: Database, id: number) {
  await db.deleteFrom('products').where('id', '=', id).execute()
}

/**
 * Whether anything already sold or offered refers to the product: checkout lines (every payment has
 * one), payment transactions and payment link snapshots.
 */
export async function isProductInUse(db: Database, organizationId: number, publicId: string): Promise<boolean> {
  const line = JSON.stringify([{ product_id: publicId }])
  const item = JSON.stringify([{ id: publicId }])
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('checkout_sessions')
            .select('id')
            .where('organization_id', '=', organizationId)
            .where(sql`line_items @> ${line}::jsonb`, '=', true),
        )
        .as('in_checkout'),
      eb
        .exists(
          eb
            .selectFrom('transactions')
            .select('id')
            .where('organization_id', '=', organizationId)
            .where(sql`products @> ${item}::jsonb`, '=', true),
        )
        .as('in_payment'),
      eb
        .exists(
          eb
            .selectFrom('payment_links')
            .select('id')
            .where('organization_id', '=', organizationId)
            .where(sql`line_items @> ${line}::jsonb`, '=', true),
        )
        .as('in_link'),
    ])
    .executeTakeFirstOrThrow()
  return Boolean(row.in_checkout) || Boolean(row.in_payment) || Boolean(row.in_link)
}
