import { afterAll, beforeAll, expect, test } from 'vitest'
import pino from 'pino'
import { sql } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import {
  checkoutBody,
  createCheckoutViaApi,
  createMerchantFixture,
  createTestPlatform,
  type Merchant,
  type TestPlatform,
} from '../support/platform.ts'
import { postCheckout, tokenOf } from '../support/checkout.ts'

// PCI basics: after real payments (success, decline, 3-D Secure, a refused form, an Idempotency-Key),
// neither the card number nor the CVC is anywhere in the database or the logs.

const NUMBERS = ['4242424242424242', '4000000000000002', '4000000000003220']
const CVC = '735'
const logLines: string[] = []
let p: TestPlatform
let m: Merchant

beforeAll(async () => {
  const log = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) }) as unknown as FastifyBaseLogger
  p = await createTestPlatform({ log })
  m = await createMerchantFixture(p.ctx)
})
afterAll(() => p.close())

const card = (number: string) => ({
  number: number.replace(/(\d{4})(?=\d)/g, '$1 '),
  expiry: '12 / 34',
  cvc: CVC,
  name: 'Ada Lovelace',
})

async function dumpEveryTable(): Promise<string> {
  const tables = await sql<{
    table_name: string
  }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
    p.ctx.db,
  )
  expect(tables.rows.map((t) => t.table_name)).toEqual(
    expect.arrayContaining([
      'checkout_sessions',
      'transactions',
      'deposit_attempts',
      'events',
      'jobs',
      'idempotency_keys',
    ]),
  )
  const parts: string[] = []
  for (const { table_name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(table_name)}`.execute(p.ctx.db)
    parts.push(`${table_name}: ${JSON.stringify(rows.rows)}`)
  }
  return parts.join('\n')
}

const containsCvc = (text: string) => new RegExp(`(?<![0-9A-Za-z])${CVC}(?![0-9A-Za-z])`).test(text)

test('card numbers and CVC never reach the database or the logs', async () => {
  const paid = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const token = tokenOf(paid.checkout_url)
  expect(
    (await postCheckout(p.app, 'pay', { token, card: { ...card(NUMBERS[0]), expiry: '01 / 20' } })).statusCode,
  ).toBe(400)
  expect(
    (await postCheckout(p.app, 'pay', { token, card: card(NUMBERS[1]) }, { 'idempotency-key': 'k-1' })).json().result,
  ).toBe('declined')
  expect(
    (await postCheckout(p.app, 'pay', { token, card: card(NUMBERS[0]) }, { 'idempotency-key': 'k-2' })).json().result,
  ).toBe('succeeded')
  const challenged = await createCheckoutViaApi(p.app, m.sandboxKey, checkoutBody(m.productId))
  const token2 = tokenOf(challenged.checkout_url)
  expect((await postCheckout(p.app, 'pay', { token: token2, card: card(NUMBERS[2]) })).json().result).toBe(
    'requires_action',
  )

  const dump = await dumpEveryTable()
  // The dump is real: it holds the payments and the card summaries we do keep.
  expect(dump).toContain(paid.transaction_id)
  expect(dump).toContain('"card_last4":"4242"')
  expect(dump).toContain('"last4":"3220"')
  const logs = logLines.join('')
  expect(logs).toContain('/api/checkout/pay/')
  for (const [where, text] of [
    ['database', dump],
    ['logs', logs],
  ] as const) {
    for (const number of NUMBERS) {
      expect(text.includes(number), `${number} in ${where}`).toBe(false)
      expect(text.includes(card(number).number), `${card(number).number} in ${where}`).toBe(false)
    }
    expect(containsCvc(text), `CVC in ${where}`).toBe(false)
  }
  // The check itself can fail: the CVC pattern finds the CVC where it would stand.
  expect(containsCvc(JSON.stringify(card(NUMBERS[0])))).toBe(true)
})
