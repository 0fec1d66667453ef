import type { LineItem } from '../../db/schema.ts'
import { computeFee } from '../../lib/fees.ts'
import { convert } from '../../lib/money.ts'
import { computeTax, type PricingMode } from '../../lib/tax.ts'

export interface PricingInput {
  lines: LineItem[]
  pricingMode: PricingMode
  taxRateBp: number
  feePercentBp: number
  feeFixedMinor: number
  usdRate: string
}

export interface Pricing {
  subtotal: number
  tax: number
  total: number
  fee: number
  net: number
  amountUsd: number
}

/** Order-level pricing: the tax rule of lib/tax.ts on the line sum, the fee on the charged total, USD of the net. */
export function priceOrder(input: PricingInput): Pricing {
  const linesTotal = input.lines.reduce((sum, l) => sum + l.amount_minor, 0)
  const { subtotal, tax, total } = computeTax(linesTotal, input.taxRateBp, input.pricingMode)
  const fee = computeFee(total, input.feePercentBp, input.feeFixedMinor)
  const net = total - fee
  return { subtotal, tax, total, fee, net, amountUsd: convert(net, input.usdRate) }
}
