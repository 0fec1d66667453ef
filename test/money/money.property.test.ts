import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMerchantFixture, createTestPlatform, type TestPlatform } from '../support/platform.ts'
import { FAKE_PROVIDER_ENV, payPayment, settleDeposit } from '../support/payments.ts'
import { priceOrder, createCheckout } from '../../src/modules/checkout/index.ts'
import { DEFAULT_TAX_RATES_BP } from '../../src/lib/tax.ts'
import { convert } from '../../src/lib/money.ts'
import { AppError } from '../../src/lib/errors.ts'
import { createRefund, recordRefundResult } from '../../src/modules/refunds/index.ts'
import { runLedgerCheck, getWallet } from '../../src/modules/ledger/index.ts'
const COUNTRIES = [...Object.keys(DEFAULT_TAX_RATES_BP), 'US', 'CA', 'JP', 'BR', 'CH']
const countryArb = fc.constantFrom(...COUNTRIES)
const rateArb = fc
  .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 99_999_999 }))
  .map(([w, f]) => `${w}.${String(f).padStart(8, '0')}`)
  .filter((r) => !/^0\.0+$/.test(r))

/** Exact |converted − minor × rate| ≤ ½ cent, in BigInt on the scaled rate. */
function withinHalfCent(minor: number, rate: string, converted: number): boolean {
  const [w, f = ''] = rate.split('.')
  const scale = 10n ** BigInt(f.length)
  const exact = BigInt(minor) * BigInt(w + f) // = minor × rate × scale
  const diff = BigInt(converted) * scale - exact
  return (diff < 0n ? -diff : diff) * 2n <= scale
}

describe('pricing properties (pure)', () => {
  test('tax inclusive/exclusive in every country: subtotal + tax = total; fee within the total; net + fee = gross; USD within ½ cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ unit: fc.integer({ min: 1, max: 500_000 }), quantity: fc.integer({ min: 1, max: 20 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        countryArb,
        fc.constantFrom('TAX_EXCLUSIVE', 'TAX_INCLUSIVE') as fc.Arbitrary<'TAX_EXCLUSIVE' | 'TAX_INCLUSIVE'>,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 500 }),
        rateArb,
        (items, country, mode, feeBp, feeFixed, usdRate) => {
          const lines = items.map((i) => ({
            product_id: null,
            name: 'x',
            quantity: i.quantity,
            unit_amount_minor: i.unit,
            amount_minor: i.unit * i.quantity,
          }))
          const lineSum = lines.reduce((s, l) => s + l.amount_minor, 0)
          const taxRateBp = DEFAULT_TAX_RATES_BP[country] ?? 0
          const p = priceOrder({
            lines,
            pricingMode: mode,
            taxRateBp,
            feePercentBp: feeBp,
            feeFixedMinor: feeFixed,
            usdRate,
          })
          expect(p.subtotal + p.tax).toBe(p.total)
          expect(mode === 'TAX_EXCLUSIVE' ? p.subtotal : p.total).toBe(lineSum)
          if (taxRateBp === 0) expect(p.tax).toBe(0)
          expect(p.tax).toBeGreaterThanOrEqual(0)
          expect(p.fee).toBeGreaterThanOrEqual(0)
          expect(p.fee).toBeLessThanOrEqual(p.total)
          expect(p.net + p.fee).toBe(p.total)
          expect(withinHalfCent(p.net, usdRate, p.amountUsd)).toBe(true)
          for (const v of Object.values(p)) expect(Number.isSafeInteger(v)).toBe(true)
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('refund FX: amount_usd is the amount at the stored rate, rounded half up, and splitting a refund moves USD by at most 1 cent per part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        rateArb,
        (a, b, rate) => {
          expect(withinHalfCent(a, rate, convert(a, rate))).toBe(true)
          expect(Math.abs(convert(a, rate) + convert(b, rate) - convert(a + b, rate))).toBeLessThanOrEqual(1)
          expect(convert(a, '1')).toBe(a)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

// Random sequences of payments, settlements, partial refunds and provider outcomes against a model.
describe('refund sequences against a model (database)', () => {
  let p: TestPlatform
  beforeAll(async () => {
    p = await createTestPlatform({ env: FAKE_PROVIDER_ENV })
  })
  afterAll(() => p.close())

  type Op =
    | { kind: 'pay'; priceMinor: number; country: string; settled: boolean }
    | { kind: 'settle'; pick: number }
    | { kind: 'refund'; pick: number; amountMinor: number | null }
    | { kind: 'resolve'; pick: number; outcome: 'completed' | 'failed' | 'rejected' }

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('pay' as const),
      priceMinor: fc.integer({ min: 100, max: 30_000 }),
      country: countryArb,
      settled: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      amountMinor: fc.option(fc.integer({ min: 1, max: 20_000 }), { freq: 3 }),
    }),
    fc.record({
      kind: fc.constant('resolve' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('completed', 'failed', 'rejected') as fc.Arbitrary<'completed' | 'failed' | 'rejected'>,
    }),
  )

  interface ModelPayment {
    publicId: string
    gross: number
    net: number
    settled: boolean
    refunds: { id: number; amount: number; state: 'flight' | 'completed' | 'failed' }[]
  }

  test('Σ refunds ≤ gross, the ledger balances, the wallet equals the model and Σ entries, eligibility answers match', async () => {
    const seen = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 18 }), async (ops) => {
        const m = await createMerchantFixture(p.ctx, { priceMode: 'HT' })
        const scope = { organizationId: m.organizationId, environment: 'production' as const }
        const payments: ModelPayment[] = []
        const wallet = async () => (await getWallet(p.ctx.db, scope)).find((b) => b.currency === 'USD')
        const committed = (mp: ModelPayment) =>
          mp.refunds.filter((r) => r.state !== 'failed').reduce((s, r) => s + r.amount, 0)
        const completed = (mp: ModelPayment) =>
          mp.refunds.filter((r) => r.state === 'completed').reduce((s, r) => s + r.amount, 0)
        const expectedAvailable = () => payments.reduce((s, mp) => s + (mp.settled ? mp.net : 0) - committed(mp), 0)
        const expectedStatus = (mp: ModelPayment) =>
          mp.refunds.some((r) => r.state === 'flight')
            ? 'refund_pending'
            : completed(mp) === mp.gross
              ? 'refunded'
              : completed(mp) > 0
                ? 'partially_refunded'
                : 'paid'

        for (const op of ops) {
          if (op.kind === 'pay') {
            const checkout = await createCheckout(p.ctx, scope, {
              billing_country: op.country,
              billing_postal_code: '10001',
              billing_first_name: 'A',
              billing_last_name: 'B',
              billing_email: 'a@example.com',
              currency: 'USD',
              products: [{ name: 'Item', quantity: 1, unit_price: (op.priceMinor / 100).toFixed(2) }],
            })
            const tx = await payPayment(p.ctx, checkout.transaction_id, { settled: op.settled })
            payments.push({
              publicId: tx.public_id,
              gross: tx.gross_amount_minor,
              net: tx.net_amount_minor,
              settled: op.settled,
              refunds: [],
            })
          } else if (payments.length === 0) {
            continue
          } else if (op.kind === 'settle') {
            const mp = payments[op.pick % payments.length]
            await settleDeposit(p.ctx, mp.publicId)
            mp.settled = true
          } else if (op.kind === 'refund') {
            const mp = payments[op.pick % payments.length]
            const remaining = mp.gross - committed(mp)
            const amount = op.amountMinor ?? remaining
            const available = expectedAvailable()
            const expected =
              expectedStatus(mp) === 'refunded'
                ? 'payment_not_refundable'
                : remaining <= 0 || amount > remaining
                  ? 'refund_exceeds_refundable'
                  : available < amount
                    ? 'insufficient_wallet_balance'
                    : 'ok'
            let outcome: string
            try {
              const body = await createRefund(p.ctx, scope, mp.publicId, {
                reason: 'property',
                amount: op.amountMinor === null ? undefined : (op.amountMinor / 100).toFixed(2),
              })
              mp.refunds.push({ id: body.refund_id, amount: body.amount_in_cents, state: 'flight' })
              expect(body.amount_in_cents).toBe(amount)
              outcome = 'ok'
            } catch (err) {
              if (!(err instanceof AppError)) throw err
              outcome = err.code
            }
            expect(outcome).toBe(expected)
            seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
          } else {
            const inFlight = payments.flatMap((mp) => mp.refunds.filter((r) => r.state === 'flight'))
            if (inFlight.length === 0) continue
            const r = inFlight[op.pick % inFlight.length]
            const result =
              op.outcome === 'completed'
                ? { status: 'completed' as const, providerRefundId: 're_x' }
                : { status: op.outcome, providerRefundId: null, message: 'no' }
            await p.ctx.db.transaction().execute((trx) => recordRefundResult(p.ctx, trx, r.id, result))
            r.state = op.outcome === 'completed' ? 'completed' : 'failed'
          }
          expect((await wallet())?.available_minor ?? 0).toBe(expectedAvailable())
        }
        for (const mp of payments) {
          const tx = await p.ctx.db
            .selectFrom('transactions')
            .selectAll()
            .where('public_id', '=', mp.publicId)
            .executeTakeFirstOrThrow()
          expect(committed(mp)).toBeLessThanOrEqual(mp.gross)
          expect(tx.amount_refunded_minor).toBe(completed(mp))
          expect(tx.status).toBe(expectedStatus(mp))
        }
        const held = payments.reduce(
          (s, mp) => s + mp.refunds.filter((r) => r.state === 'flight').reduce((t, r) => t + r.amount, 0),
          0,
        )
        expect((await wallet())?.refund_held_minor ?? 0).toBe(held)
        const report = await runLedgerCheck(p.ctx.db, { organizationId: m.organizationId })
        expect(report.checks.filter((c) => !c.ok)).toEqual([])
      }),
      { numRuns: 40 },
    )
    // The sequences really exercised every branch (a property that never refunds proves nothing).
    for (const outcome of ['ok', 'refund_exceeds_refundable', 'insufficient_wallet_balance'])
      expect(seen.get(outcome) ?? 0).toBeGreaterThan(0)
  }, 180_000)
})
