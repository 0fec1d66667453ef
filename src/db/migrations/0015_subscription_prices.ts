import type { Transaction } from 'kysely'
import { exec } from '../migrator.ts'

// Subscribed prices are immutable: every price gets an id (price_…) and a subscription records the
// id it was sold at, so an edit of a subscribed price's amount or cadence becomes a new price.
// Subscriptions started from a payment link remember the link (its uses are counted at first payment).
export async function up(trx: Transaction<any>): Promise<void> {
  await exec(
    trx,
    `alter table product_prices
      add column public_id text not null default ('price_' || replace(gen_random_uuid()::text, '-', ''))`,
    `alter table product_prices add constraint product_prices_public_id_key unique (public_id)`,
    `alter table subscriptions
      add column price_id text,
      add column payment_link_id bigint references payment_links(id)`,
    `update subscriptions s set price_id = p.public_id
       from product_prices p
      where p.product_id = s.product_id and p.currency = s.currency
        and p.amount_minor = s.unit_amount_minor and p.recurring_interval = s.recurring_interval
        and p.recurring_interval_count = s.recurring_interval_count`,
    `create index subscriptions_price_idx on subscriptions (price_id)`,
  )
}
