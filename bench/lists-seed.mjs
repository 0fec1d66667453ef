// Seeds `rows` payments and `rows` refunds for bench/lists.mjs with generate_series, in SQL (no API
// calls): row triggers off, the secondary indexes dropped during the insert and rebuilt after it (one
// sorted build is several times faster than a million single-row inserts into ten indexes), the
// trigger-kept counters rebuilt from the rows, then VACUUM ANALYZE so plans and index-only scans are
// those of a settled database. Rows are spread over the last year in insertion order (as a live table
// fills: physical order follows created_at); amounts, statuses and texts are not correlated with it.

const TABLES = ['transactions', 'refunds']

/** Rows already seeded by a previous run (0 when none): `--reuse` skips the seed when it matches. */
export async function seededRows(client) {
  const { rows } = await client.query(
    `select (select count(*) from transactions where public_id like 'TXbench%')::int as n`,
  )
  return rows[0].n
}

export async function seedLists(client, org, rows, log) {
  await client.query(`set maintenance_work_mem = '512MB'`)
  const { rows: indexes } = await client.query(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [TABLES],
  )
  for (const index of indexes) await client.query(`drop index ${index.name}`)
  await client.query('set session_replication_role = replica')
  await client.query(
    `insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, status, currency,
      gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email,
      products, first_attempt_at, created_at)
    select 'TXbench' || g, $1, 'sandbox', (select min(id) from checkout_sessions), 'order-' || g,
      (array['paid', 'paid', 'paid', 'partially_refunded', 'refunded', 'failed', 'processing', 'paid'])[1 + g % 8], 'USD',
      100 + (g * 7919) % 90000, 0, 0, 100 + (g * 7919) % 90000, '1', 100 + (g * 7919) % 90000,
      (array['ada', 'grace', 'alan', 'edsger', 'barbara'])[1 + g % 5] || g || '@' || (array['example.com', 'mail.test'])[1 + g % 2],
      '[]', now() - make_interval(secs => ($2::bigint - g) * 31536000.0 / $2::bigint),
      now() - make_interval(secs => ($2::bigint - g) * 31536000.0 / $2::bigint)
    from generate_series(1, $2::bigint) g`,
    [org, rows],
  )
  log('payments inserted')
  await client.query(
    `insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency, amount_minor,
      fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
    select 'RFbench' || g, $1, 'sandbox', t.id, t.public_id, 'USD', 100 + (g * 7919) % 50000, '1', 100 + (g * 7919) % 50000,
      (array['Customer request', 'Damaged item', 'Late delivery', 'Wrong size', 'Changed mind', 'Item not as described',
             'Never arrived', 'Quality issue', 'Ordered by mistake', 'Better price elsewhere'])[1 + g % 10]
        || case when g % 100 = 7 then ' duplicate charge' else '' end || ' #' || g,
      case when g % 100 < 85 then 'completed' when g % 100 < 90 then 'failed' when g % 100 < 92 then 'rejected'
           when g % 100 < 98 then 'processing' else 'pending' end,
      now() - make_interval(secs => ($2::bigint - g) * 31536000.0 / $2::bigint),
      now() - make_interval(secs => ($2::bigint - g) * 31536000.0 / $2::bigint)
    from generate_series(1, $2::bigint) g
    join transactions t on t.public_id = 'TXbench' || (1 + (g - 1) / 10)
    order by g`,
    [org, rows],
  )
  await client.query('set session_replication_role = origin')
  log('refunds inserted; rebuilding indexes')
  for (const index of indexes) await client.query(index.definition)
  log('indexes rebuilt; counters')
  await client.query(`delete from refund_daily_counts`)
  await client.query(`insert into refund_daily_counts (organization_id, environment, day, status, n)
    select organization_id, environment, (created_at at time zone 'UTC')::date, status, count(*) from refunds group by 1, 2, 3, 4`)
  await client.query(`delete from payment_daily_stats`)
  await client.query(`insert into payment_daily_stats (organization_id, environment, day, currency, status, attempted, n, gross_minor)
    select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status,
           first_attempt_at is not null, count(*), sum(gross_amount_minor)
      from transactions group by 1, 2, 3, 4, 5, 6`)
  await client.query(`delete from refund_daily_stats`)
  await client.query(`insert into refund_daily_stats (organization_id, environment, day, currency, status, n, amount_minor)
    select organization_id, environment, (created_at at time zone 'UTC')::date, currency, status, count(*), sum(amount_minor)
      from refunds group by 1, 2, 3, 4, 5`)
  for (const table of [...TABLES, 'refund_daily_counts', 'payment_daily_stats', 'refund_daily_stats'])
    await client.query(`vacuum analyze ${table}`)
}
