import type { Database } from '../../db/database.ts'

export function insertProduct(db: Database, row: { public_id: string; organization_id: number; name: string; description: string | null }) {
  return db.insertInto('products').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function upsertPrice(db: Database, row: { product_id: number; currency: string; amount_minor: number; recurring_interval: string | null }) {
  await db
    .insertInto('product_prices')
    .values(row)
    .onConflict((oc) => oc.columns(['product_id', 'currency']).doUpdateSet({ amount_minor: row.amount_minor, recurring_interval: row.recurring_interval }))
    .execute()
}

export function findProductByPublicId(db: Database, organizationId: number, publicId: string) {
  return db.selectFrom('products').selectAll().where('organization_id', '=', organizationId).where('public_id', '=', publicId).executeTakeFirst()
}

export function listPrices(db: Database, productIds: number[]) {
  if (productIds.length === 0) return Promise.resolve([])
  return db.selectFrom('product_prices').selectAll().where('product_id', 'in', productIds).execute()
}

/** Active products of one organization with their price in one currency (null price = not sold in it). */
export function findSellableProducts(db: Database, organizationId: number, publicIds: string[], currency: string) {
  if (publicIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('products')
    .leftJoin('product_prices', (join) => join.onRef('product_prices.product_id', '=', 'products.id').on('product_prices.currency', '=', currency))
    .select(['products.id', 'products.public_id', 'products.name', 'products.status', 'product_prices.amount_minor'])
    .where('products.organization_id', '=', organizationId)
    .where('products.public_id', 'in', publicIds)
    .execute()
}
