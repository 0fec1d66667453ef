// Shared by the product and payment link pages: how a price bills, in words.
import { money } from '../format.ts'
import type { Product } from '../types.ts'

export type Price = Product['prices'][number]
export type Interval = NonNullable<Price['recurring_interval']>
export const INTERVALS: { value: Interval; label: string }[] = [
  { value: 'day', label: 'Daily' },
  { value: 'week', label: 'Weekly' },
  { value: 'month', label: 'Monthly' },
  { value: 'year', label: 'Yearly' },
]
export const CURRENCIES = ['USD', 'EUR'] as const
export type Currency = (typeof CURRENCIES)[number]

/** "one-off", "every month", "every 3 months"; a trial adds ", 14-day free trial". */
export function cadence(price: Pick<Price, 'recurring_interval' | 'recurring_interval_count' | 'trial_days'>): string {
  if (!price.recurring_interval) return 'one-off'
  const count = price.recurring_interval_count ?? 1
  const every = count === 1 ? `every ${price.recurring_interval}` : `every ${count} ${price.recurring_interval}s`
  return price.trial_days ? `${every}, ${price.trial_days}-day free trial` : every
}

/** "$25.00 every month" — a price as the merchant reads it in lists. */
export const priceText = (price: Price) =>
  price.recurring_interval
    ? `${money(price.amount, price.currency)} ${cadence(price)}`
    : money(price.amount, price.currency)

export const priceIn = (product: Product | undefined, currency: string) =>
  product?.prices.find((p) => p.currency === currency)
