import type { Selectable } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { ProductPricesTable, ProductsTable } from '../../db/schema.ts'
import { formatMinor } from '../../lib/money.ts'
import { FieldErrors, notFound } from '../../lib/errors.ts'
import type { DashboardUser } from '../auth/index.ts'
import { actorOf, changedFields, recordAudit } from '../audit/index.ts'
import { pageOf } from '../../lib/paging.ts'
import * as repo from './products.repository.ts'
import { randomBase62 } from '../../lib/ids.ts'
import {
  checkName,
  checkPrices,
  insertProductWithPrices,
  type NormalizedPrice,
  type PriceInput,
} from './products.service.ts'

type ProductRow = Selectable<ProductsTable>
type PriceRow = Pick<Selectable<ProductPricesTable>, 'currency' | 'amount_minor' | 'recurring_interval'> &
  Partial<Pick<Selectable<ProductPricesTable>, 'public_id' | 'recurring_interval_count' | 'trial_days'>>

export function serializeProduct(row: ProductRow, prices: PriceRow[]) {
  const sorted = [...prices].sort((a, b) => a.currency.localeCompare(b.currency))
  const intervals = new Set(sorted.map((p) => p.recurring_interval))
  return {
    id: row.public_id,
    name: row.name,
    description: row.description,
    status: row.status,
    prices: sorted.map((p) => ({
      ...(p.public_id ? { id: p.public_id } : {}),
      currency: p.currency as 'USD' | 'EUR',
      amount: formatMinor(p.amount_minor),
      recurring_interval: p.recurring_interval as 'day' | null,
      ...(p.recurring_interval
        ? { recurring_interval_count: p.recurring_interval_count ?? 1, trial_days: p.trial_days ?? null }
        : {}),
    })),
    recurring_interval: (intervals.size === 1 ? [...intervals][0] : null) as 'day' | null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

const auditView = (row: ProductRow, prices: Array<PriceRow | NormalizedPrice>) => ({
  name: row.name,
  description: row.description,
  status: row.status,
  prices: prices
    .map((p) => `${formatMinor(p.amount_minor)} ${p.currency}${p.recurring_interval ? `/${p.recurring_interval}` : ''}`)
    .sort(),
})

export async function listCatalog(
  ctx: AppContext,
  user: DashboardUser,
  query: { page?: number; page_size?: number; status?: 'active' | 'archived' },
) {
  const { rows, total } = await repo.listProducts(ctx.db, user.organizationId, query.status ?? null, pageOf(query))
  const prices = await repo.listPrices(
    ctx.db,
    rows.map((r) => r.id),
  )
  return {
    total,
    items: rows.map((r) =>
      serializeProduct(
        r,
        prices.filter((p) => p.product_id === r.id),
      ),
    ),
  }
}

export async function getCatalogProduct(ctx: AppContext, user: DashboardUser, publicId: string) {
  const row = await repo.findProductByPublicId(ctx.db, user.organizationId, publicId)
  if (!row) throw notFound('Product')
  return serializeProduct(row, await repo.listPrices(ctx.db, [row.id]))
}

interface ProductInput {
  name?: string
  description?: string | null
  prices?: PriceInput[]
  recurring_interval?: string | null
  status?: 'active' | 'archived'
}

export async function createCatalogProduct(
  ctx: AppContext,
  user: DashboardUser,
  input: ProductInput & { name: string; prices: PriceInput[] },
) {
  const errors = new FieldErrors()
  const name = checkName(input.name, errors)
  const prices = checkPrices(input.prices, errors, input.recurring_interval ?? null)
  errors.throwIfAny()
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const { product } = await insertProductWithPrices(trx, {
      organizationId: user.organizationId,
      name,
      description: input.description?.trim() || null,
      prices,
    })
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'product.created',
        targetType: 'product',
        targetId: product.public_id,
        after: auditView(product, prices),
      },
      now,
    )
    return serializeProduct(product, await repo.listPrices(trx, [product.id]))
  })
}

const newPriceId = () => `price_${randomBase62(24)}`

const changesTerms = (old: PriceRow, next: PriceRow) =>
  old.amount_minor !== next.amount_minor ||
  old.recurring_interval !== next.recurring_interval ||
  (old.recurring_interval_count ?? 1) !== (next.recurring_interval_count ?? 1)

export async function updateCatalogProduct(
  ctx: AppContext,
  user: DashboardUser,
  publicId: string,
  input: ProductInput,
) {
  const errors = new FieldErrors()
  const name = input.name === undefined ? undefined : checkName(input.name, errors)
  const prices =
    input.prices === undefined ? undefined : checkPrices(input.prices, errors, input.recurring_interval ?? null)
  errors.throwIfAny()
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.lockProduct(trx, user.organizationId, publicId)
    if (!before) throw notFound('Product')
    const beforePrices = await repo.listPrices(trx, [before.id])
    let newPrices: PriceRow[] = beforePrices
    const next =
      prices ??
      (input.recurring_interval !== undefined
        ? beforePrices.map((p) => ({ ...p, recurring_interval: input.recurring_interval ?? null }))
        : null)
    if (prices)
      await repo.deletePricesExcept(
        trx,
        before.id,
        prices.map((p) => p.currency),
      )
    if (next) {
      for (const price of next) {
        const old = beforePrices.find((p) => p.currency === price.currency)
        // A subscribed price is immutable in amount and cadence: the edit makes a new price (new id);
        // its subscriptions keep the old one (its id and terms), new subscriptions get the new one.
        const renewed = old && changesTerms(old, price) && (await repo.isPriceSubscribed(trx, old.public_id))
        await repo.upsertPrice(
          trx,
          {
            product_id: before.id,
            currency: price.currency,
            amount_minor: price.amount_minor,
            recurring_interval: price.recurring_interval,
            recurring_interval_count: price.recurring_interval_count ?? 1,
            trial_days: price.trial_days ?? null,
          },
          renewed ? newPriceId() : undefined,
        )
      }
      newPrices = await repo.listPrices(trx, [before.id])
    }
    const description = input.description === undefined ? undefined : input.description?.trim() || null
    const after = await repo.updateProduct(trx, before.id, { name, description, status: input.status, updated_at: now })
    const diff = changedFields(auditView(before, beforePrices), auditView(after, newPrices))
    if (diff)
      await recordAudit(
        trx,
        actorOf(user),
        { action: 'product.updated', targetType: 'product', targetId: publicId, ...diff },
        now,
      )
    return serializeProduct(after, newPrices)
  })
}

/** A product anything refers to is archived (history keeps it) and returned; an unused one is deleted (null). */
export async function deleteCatalogProduct(ctx: AppContext, user: DashboardUser, publicId: string) {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (trx) => {
    const product = await repo.lockProduct(trx, user.organizationId, publicId)
    if (!product) throw notFound('Product')
    if (await repo.isProductInUse(trx, user.organizationId, publicId)) {
      const archived =
        product.status === 'archived'
          ? product
          : await repo.updateProduct(trx, product.id, { status: 'archived', updated_at: now })
      await recordAudit(
        trx,
        actorOf(user),
        {
          action: 'product.archived',
          targetType: 'product',
          targetId: publicId,
          before: { status: product.status },
          after: { status: 'archived' },
        },
        now,
      )
      return serializeProduct(archived, await repo.listPrices(trx, [product.id]))
    }
    await repo.deleteProduct(trx, product.id)
    await recordAudit(
      trx,
      actorOf(user),
      {
        action: 'product.deleted',
        targetType: 'product',
        targetId: publicId,
        before: { name: product.name, status: product.status },
      },
      now,
    )
    return null
  })
}
