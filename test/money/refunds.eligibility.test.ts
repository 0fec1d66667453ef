import { afterAll, describe, expect, test } from 'vitest'
import { checkoutBody, createCheckoutViaApi, createMerchantFixture } from '../support/platform.ts'
import { refundsFixture } from './refunds.fixture.ts'

// Which payments can be refunded, and by how much.

const { p, m, other, key, refund, wallet, drain, paidPayment, expectLedgerOk } = await refundsFixture()
afterAll(() => p.close())

describe('eligibility', () => {
  test('a payment that is not paid is not refundable', async () => {
    const checkout = await createCheckoutViaApi(p.app, key(), checkoutBody(m.usdOnlyProductId))
    const res = await refund(checkout.transaction_id, { reason: 'Too early' })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('payment_not_refundable')
  })

  test('more than the remaining refundable, counting refunds in flight', async () => {
    const txId = await paidPayment()
    await paidPayment()
    const over = await refund(txId, { reason: 'x', amount: '100.01' })
    expect(over.statusCode).toBe(400)
    expect(over.json()).toMatchObject({ code: 'refund_exceeds_refundable', errors: { amount: [expect.any(String)] } })
    expect((await refund(txId, { reason: 'x', amount: '60.00' })).statusCode).toBe(200) // in flight
    const second = await refund(txId, { reason: 'x', amount: '40.01' })
    expect(second.json().code).toBe('refund_exceeds_refundable')
    expect(second.json().detail).toContain('40.00')
    expect((await refund(txId, { reason: 'x', amount: '40.00' })).statusCode).toBe(200)
    const none = await refund(txId, { reason: 'x' })
    expect(none.json().code).toBe('refund_exceeds_refundable')
    await drain()
    await expectLedgerOk()
  })

  test('the wallet must hold the amount; a partial refund up to the wallet is allowed', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await paidPayment(merchant) // wallet 96.80 < 100.00
    const full = await refund(txId, { reason: 'all' }, merchant.productionKey)
    expect(full.statusCode).toBe(400)
    expect(full.json().code).toBe('insufficient_wallet_balance')
    expect(full.json().detail).toContain('96.80')
    const tooMuch = await refund(txId, { reason: 'x', amount: '96.81' }, merchant.productionKey)
    expect(tooMuch.json().code).toBe('insufficient_wallet_balance')
    const upToWallet = await refund(txId, { reason: 'x', amount: '96.80' }, merchant.productionKey)
    expect(upToWallet.statusCode).toBe(200)
    expect((await wallet(merchant))!.available).toBe('0.00')
    const more = await refund(txId, { reason: 'x', amount: '0.01' }, merchant.productionKey)
    expect(more.json().code).toBe('insufficient_wallet_balance')
    await drain()
    await expectLedgerOk()
  })

  test('funds pending settlement are not in the wallet', async () => {
    const merchant = await createMerchantFixture(p.ctx)
    const txId = await paidPayment(merchant, { settled: false })
    expect(await wallet(merchant)).toMatchObject({ available: '0.00', pending: '100.00' })
    const res = await refund(txId, { reason: 'x', amount: '1.00' }, merchant.productionKey)
    expect(res.json().code).toBe('insufficient_wallet_balance')
  })

  test.each([
    [{ amount: '0' }, 'amount'],
    [{ amount: '0.00' }, 'amount'],
    [{ amount: '-1.00' }, 'amount'],
    [{ amount: '1.001' }, 'amount'],
    [{ amount: 'abc' }, 'amount'],
    [{ amount: '1e2' }, 'amount'],
    [{ amount: ' 1.00' }, 'amount'],
    [{ amount: 10 }, 'amount'],
    [{ reason: '' }, 'reason'],
    [{ reason: '   ' }, 'reason'],
    [{ reason: 'x'.repeat(501) }, 'reason'],
    [{ reason: undefined }, 'reason'],
  ])('invalid body %j → 400 naming %s', async (patch, field) => {
    const txId = await paidPayment()
    const res = await refund(txId, { reason: 'ok', amount: '1.00', ...patch })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('validation_error')
    expect(Object.keys(res.json().errors)).toContain(field)
  })

  test('a 500-character reason is accepted', async () => {
    const txId = await paidPayment()
    expect((await refund(txId, { reason: 'x'.repeat(500), amount: '1.00' })).statusCode).toBe(200)
    await drain()
  })

  test('unknown, other-organization and other-environment payments are 404', async () => {
    const mine = await paidPayment()
    expect((await refund('TXdoesnotexist', { reason: 'x' })).statusCode).toBe(404)
    expect((await refund('999999999', { reason: 'x' })).statusCode).toBe(404)
    expect((await refund(mine, { reason: 'x' }, other.productionKey)).statusCode).toBe(404)
    expect((await refund(mine, { reason: 'x' }, m.sandboxKey)).statusCode).toBe(404)
  })
})
