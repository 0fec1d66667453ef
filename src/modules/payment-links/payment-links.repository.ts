import { sql, type Insertable, type Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Environment } from '../../db/schema.ts'
import type { PaymentLinksTable } from './payment-links.table.ts'

// SQL of payment links. Dashboard reads are scoped by organization; the public side finds a link by
// its uuid alone (the uuid is the capability the merchant shares).

export function insertLink(db: Database, row: Insertable<PaymentLinksTable>) {
  return db.insertInto('payment_links').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Stats of successful payments collected through each link: revenue is what was charged minus what was refunded. */
function withStats(db: Database) {
  return db
    .selectFrom('payment_links as l')
    .selectAll('l')
    .select((eb) =>
      eb
        .selectFrom('transactions as t')
        .innerJoin('checkout_sessions as s', 's.id', 't.checkout_session_id')
        .select(sql<string>`coalesce(sum(t.gross_amount_minor - t.amount_refunded_minor), 0)`.as('revenue'))
        .whereRef('s.payment_link_id', '=', 'l.id')
        .where('t.paid_at', 'is not', null)
        .as('revenue_minor'),
    )
}

export function findLinkForOrg(db: Database, organizationId: number, uuid: string) {
  return withStats(db).where('l.organization_id', '=', organizationId).where('l.uuid', '=', uuid).executeTakeFirst()
}

export async function listLinks(
  db: Database,
  organizationId: number,
  filter: { environment: Environment | null; includeDeleted: boolean },
  page: { limit: number; offset: number },
) {
  let base = db.selectFrom('payment_links as l').where('l.organization_id', '=', organizationId)
  if (filter.environment) base = base.where('l.environment', '=', filter.environment)
  if (!filter.includeDeleted) base = base.where('l.deleted_at', 'is', null)
  const ids = base.select('l.id')
  const [rows, count] = await Promise.all([
    withStats(db).where('l.id', 'in', ids).orderBy('l.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export type LinkWithStats = NonNullable<Awaited<ReturnType<typeof findLinkForOrg>>>

// Row locks on a link are NO KEY UPDATE: they serialize the link's writers without blocking the
// foreign-key check of a buyer's new checkout session (which takes KEY SHARE on the link).
export function lockLinkForOrg(db: Database, organizationId: number, uuid: string) {
  return db
    .selectFrom('payment_links')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('uuid', '=', uuid)
    .forNoKeyUpdate()
    .executeTakeFirst()
}

export function updateLink(db: Database, id: number, patch: Updateable<PaymentLinksTable>) {
  return db.updateTable('payment_links').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

/** The public view: the link and its merchant's name, by uuid. */
export function findPublicLink(db: Database, uuid: string) {
  return db
    .selectFrom('payment_links as l')
    .innerJoin('organizations as o', 'o.id', 'l.organization_id')
    .selectAll('l')
    .select(['o.name as merchant_name', 'o.status as organization_status'])
    .where('l.uuid', '=', uuid)
    .executeTakeFirst()
}

export function findPublicLinkById(db: Database, id: number) {
  return db
    .selectFrom('payment_links as l')
    .innerJoin('organizations as o', 'o.id', 'l.organization_id')
    .selectAll('l')
    .select(['o.name as merchant_name', 'o.status as organization_status'])
    .where('l.id', '=', id)
    .executeTakeFirst()
}

export function lockLinkById(db: Database, id: number) {
  return db.selectFrom('payment_links').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirstOrThrow()
}

/** Other sessions of the link holding an attempt lease right now: uses reserved by buyers paying at this moment. */
export async function countInFlightAttempts(
  db: Database,
  linkId: number,
  exceptSessionId: number,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom('checkout_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('payment_link_id', '=', linkId)
    .where('status', '=', 'open')
    .where('id', '!=', exceptSessionId)
    .where('attempt_lease_until', '>', now)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Compare-and-set: one more successful payment, unless the link already collected max_uses. */
export async function incrementPaidCount(db: Database, linkId: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('payment_links')
    .set({ paid_count: sql`paid_count + 1`, updated_at: now })
    .where('id', '=', linkId)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('paid_count', '<', eb.ref('max_uses'))]))
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** Payments through a link, newest first: the collected ones (paid at some point), or those in `status`. */
export async function listLinkPayments(
  db: Database,
  linkId: number,
  status: string | null,
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('transactions as t')
    .innerJoin('checkout_sessions as s', 's.id', 't.checkout_session_id')
    .where('s.payment_link_id', '=', linkId)
  base = status ? base.where('t.status', '=', status as never) : base.where('t.paid_at', 'is not', null)
  const [rows, count] = await Promise.all([
    base.selectAll('t').orderBy('t.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}
