// The floor: a minimal Fastify + pg server doing the same SQL as Kassa's checkout create (one transaction,
// two inserts), get payment (two selects) and refund create (one transaction writing the same rows:
// refund, payment update, ledger entry + postings, outbox events, job — nothing else), with no auth,
// validation, pricing, eligibility messages or idempotency.
import Fastify from 'fastify'
import pg from 'pg'
import { randomBytes } from 'node:crypto'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 })
const app = Fastify({ logger: false })
const orgId = Number(process.env.FLOOR_ORG_ID)
const id = () => randomBytes(12).toString('base64url')

app.post('/checkout', async (request, reply) => {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const now = new Date()
    const session = await client.query(
      `insert into checkout_sessions (public_id, organization_id, environment, currency, line_items, pricing_mode, tax_rate_bp, subtotal_minor, tax_minor, total_minor,
        billing_country, billing_postal_code, billing_first_name, billing_last_name, billing_email, expires_at)
       values ($1, $2, 'sandbox', 'USD', $3, 'TAX_EXCLUSIVE', 0, 5000, 0, 5000, 'US', '94103', 'Ada', 'Lovelace', 'ada@example.com', $4) returning id, public_id`,
      [
        `floor-${id()}`,
        orgId,
        JSON.stringify([{ name: 'x', quantity: 2, unit_amount_minor: 2500, amount_minor: 5000 }]),
        new Date(now.getTime() + 86_400_000),
      ],
    )
    const tx = await client.query(
      `insert into transactions (public_id, organization_id, environment, checkout_session_id, order_id, currency, gross_amount_minor, tax_amount_minor, fee_amount_minor, net_amount_minor, fx_rate_usd, amount_usd_minor, payer_email, products)
       values ($1, $2, 'sandbox', $3, $4, 'USD', 5000, 0, 175, 4825, '1', 4825, 'ada@example.com', $5) returning public_id`,
      [
        `TX${id()}`,
        orgId,
        session.rows[0].id,
        session.rows[0].public_id,
        JSON.stringify([{ id: null, name: 'x', quantity: 2, unit_amount_minor: 2500 }]),
      ],
    )
    await client.query('commit')
    reply.status(201)
    return { checkout_id: session.rows[0].public_id, transaction_id: tx.rows[0].public_id }
  } catch (err) {
    await client.query('rollback')
    throw err
  } finally {
    client.release()
  }
})

app.get('/tx/:id', async (request) => {
  const tx = await pool.query(
    'select * from transactions where public_id = $1 and organization_id = $2 and environment = $3',
    [request.params.id, orgId, 'sandbox'],
  )
  const attempts = await pool.query('select * from deposit_attempts where transaction_id = $1 order by id desc', [
    tx.rows[0].id,
  ])
  return { ...tx.rows[0], depositAttempts: attempts.rows }
})

// Ledger account ids of the tenant, looked up once per currency (Kassa locks and reads them per refund).
const accountIds = new Map()
async function accountsOf(client, currency) {
  if (!accountIds.has(currency)) {
    const { rows } = await client.query(
      `select id, kind from ledger_accounts where organization_id = $1 and environment = 'sandbox' and currency = $2`,
      [orgId, currency],
    )
    accountIds.set(currency, Object.fromEntries(rows.map((r) => [r.kind, r.id])))
  }
  return accountIds.get(currency)
}

const event = (type, subjectId, payload) => {
  const publicId = `ev_${id()}`
  return [publicId, type, subjectId, JSON.stringify({ event_id: publicId, event: type, ...payload })]
}

app.post('/tx/:id/refund', async (request, reply) => {
  const amount = Math.round(Number(request.body.amount) * 100)
  const client = await pool.connect()
  try {
    await client.query('begin')
    const { rows } = await client.query(
      `select id, public_id, status, currency from transactions where public_id = $1 and organization_id = $2 and environment = 'sandbox' for update`,
      [request.params.id, orgId],
    )
    const tx = rows[0]
    const now = new Date()
    const refund = (
      await client.query(
        `insert into refunds (public_id, organization_id, environment, transaction_id, transaction_public_id, currency, amount_minor, fx_rate_usd, amount_usd_minor, reason, status, created_at, updated_at)
         values ($1, $2, 'sandbox', $3, $4, $5, $6, '1', $6, $7, 'processing', $8, $8) returning id, public_id`,
        [`RF${id()}`, orgId, tx.id, tx.public_id, tx.currency, amount, request.body.reason, now],
      )
    ).rows[0]
    const events = [
      event('refund.status_changed', refund.public_id, { refund_id: refund.public_id, status: 'pending' }),
      event('refund.status_changed', refund.public_id, { refund_id: refund.public_id, status: 'processing' }),
    ]
    if (tx.status !== 'refund_pending') {
      await client.query(
        `update transactions set status = 'refund_pending', status_before_refund = status, updated_at = $2 where id = $1`,
        [tx.id, now],
      )
      events.push(
        event('transaction.status_changed', tx.public_id, { transaction_id: tx.public_id, status: 'refund_pending' }),
      )
    }
    await client.query(
      `insert into events (public_id, organization_id, environment, type, subject_id, payload)
       select e[1], $1, 'sandbox', e[2], e[3], e[4]::jsonb from jsonb_to_recordset($2::jsonb) as r(e text[])`,
      [orgId, JSON.stringify(events.map((e) => ({ e })))],
    )
    await client.query(
      `insert into jobs (queue, payload, run_at, singleton_key) values ('refunds.submit', $1, $2, $3)`,
      [JSON.stringify({ refund_id: refund.id }), new Date(Date.now() + 3_600_000), `refund:${refund.id}`],
    )
    const accounts = await accountsOf(client, tx.currency)
    await client.query(
      `with entry as (
         insert into journal_entries (organization_id, environment, currency, kind, posting_key, transaction_id, refund_id)
         values ($1, 'sandbox', $2, 'refund_held', $3, $4, $5) returning id)
       insert into ledger_postings (entry_id, account_id, amount_minor)
       select entry.id, v.account_id, v.amount_minor from entry, (values ($6::bigint, $7::bigint), ($8::bigint, $9::bigint)) as v(account_id, amount_minor)
       order by v.account_id`,
      [
        orgId,
        tx.currency,
        `refund:${refund.id}:held`,
        tx.id,
        refund.id,
        accounts.available,
        -amount,
        accounts.refund_held,
        amount,
      ],
    )
    await client.query('commit')
    reply.status(200)
    return { status: 'processing', refund_id: refund.id, refund_public_id: refund.public_id }
  } catch (err) {
    await client.query('rollback')
    throw err
  } finally {
    client.release()
  }
})

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
console.log('floor listening')
