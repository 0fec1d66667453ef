import { describe, expect, test } from 'vitest'
import { newCheckoutId, newTransactionId, randomBase62 } from './ids.ts'

describe('random ids', () => {
  test('have the asked length and alphabet, across many refills of the byte pool', () => {
    const ids = Array.from({ length: 5_000 }, () => randomBase62(16))
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(newTransactionId()).toMatch(/^TX[0-9A-Za-z]{16}$/)
    expect(newCheckoutId(7, new Date(1_700_000_000_000))).toMatch(/^org7-1700000000-[0-9a-z]{6}$/)
  })

  test('use every character about equally often (rejection sampling, no modulo bias)', () => {
    const counts = new Map<string, number>()
    const text = Array.from({ length: 2_000 }, () => randomBase62(31)).join('')
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(62)
    const expected = text.length / 62
    // Chi-square with 61 degrees of freedom: above 120 happens with probability < 1e-5.
    const chi = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0)
    expect(chi).toBeLessThan(120)
  })
})
