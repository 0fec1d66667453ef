// The floor: a minimal Fastify + pg server doing the same SQL as Kassa's checkout create (one transaction,
// two inserts) and get payment (two selects), with no auth, validation, pricing or idempotency.
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

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
console.log('floor listening')
