// Statements per refund create: counts every SQL statement Kassa sends (a Kysely plugin on the handle)
// while creating refunds of paid payments, on PostgreSQL (KASSA_TEST_DB=postgres) or PGlite.
// Usage: node bench/refund-statements.mjs [refunds=20]   Prints the statement list of one refund and
// the mean count; the last line is "refund create: N statements per refund".
import { register } from 'tsx/esm/api'

register()
const { createTestPlatform, createMerchantFixture, createCheckoutViaApi, checkoutBody } = await import(
  '../test/support/platform.ts'
)
const { payPayment } = await import('../test/support/payments.ts')
const { createRefund } = await import('../src/modules/refunds/index.ts')

const N = Number(process.argv[2] ?? 20)
const p = await createTestPlatform()
const m = await createMerchantFixture(p.ctx)
const payments = []
for (let i = 0; i < N; i++) {
  const tx = (
    await createCheckoutViaApi(
      p.app,
      m.sandboxKey,
      checkoutBody(m.productId, { products: [{ id: m.productId, quantity: 4 }] }),
    )
  ).transaction_id
  await payPayment(p.ctx, tx, { settled: true })
  payments.push(tx)
}
const { PostgresQueryCompiler } = await import('kysely')
const compiler = new PostgresQueryCompiler()
const statements = []
const counting = p.ctx.db.withPlugin({
  transformQuery: (args) => {
    statements.push(compiler.compileQuery(args.node, args.queryId).sql.replace(/\s+/g, ' ').slice(0, 120))
    return args.node
  },
  transformResult: async (args) => args.result,
})
const ctx = { ...p.ctx, db: counting }
let first = null
for (const tx of payments) {
  const before = statements.length
  await createRefund(ctx, { organizationId: m.organizationId, environment: 'sandbox' }, tx, {
    reason: 'statements',
    amount: '1.00',
  })
  if (!first) first = statements.slice(before)
}
console.log(first.map((s, i) => `${String(i + 1).padStart(2)}. ${s}`).join('\n'))
await p.close()
console.log(`refund create: ${(statements.length / N).toFixed(1)} statements per refund (${p.database.kind})`)
process.exit(0)
