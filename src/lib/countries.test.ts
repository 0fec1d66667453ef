import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES, COUNTRY_NAMES, isCountryCode } from './countries.ts'

describe('countries', () => {
  it('lists the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODES.size).toBe(249)
    expect([...COUNTRY_CODES]).toEqual([...COUNTRY_CODES].sort())
    for (const code of COUNTRY_CODES) {
      expect(code).toMatch(/^[A-Z]{2}$/)
      expect(COUNTRY_NAMES[code].length).toBeGreaterThan(2)
    }
  })

  it('names every code from the ICU region data shipped with Node, never falling back to the code', () => {
    // ICU also knows reserved and deleted codes (UK, EU, XK, SU, ...); each of ours must be known.
    for (const code of COUNTRY_CODES) expect(COUNTRY_NAMES[code]).not.toBe(code)
    expect(new Set(Object.values(COUNTRY_NAMES)).size).toBe(249)
    expect(Object.keys(COUNTRY_NAMES).sort()).toEqual([...COUNTRY_CODES].sort())
    expect(Object.isFrozen(COUNTRY_NAMES)).toBe(true)
  })

  it('accepts real codes and names them', () => {
    for (const code of ['US', 'FR', 'DE', 'GB', 'AX', 'SS', 'SX', 'BQ', 'CW', 'TL', 'PS']) {
      expect(isCountryCode(code)).toBe(true)
    }
    expect(COUNTRY_NAMES.FR).toBe('France')
    expect(COUNTRY_NAMES.DE).toBe('Germany')
    expect(COUNTRY_NAMES.US).toBe('United States')
    expect(COUNTRY_NAMES.CI).toBe('Côte d’Ivoire')
    expect(COUNTRY_NAMES.AX).toBe('Åland Islands')
  })

  it('refuses reserved, deleted, user-assigned and badly cased codes', () => {
    for (const code of [
      'UK',
      'EU',
      'EL',
      'XK',
      'AC',
      'SU',
      'YU',
      'AN',
      'ZZ',
      'us',
      'Us',
      ' US',
      'USA',
      '',
      'constructor',
    ]) {
      expect(isCountryCode(code)).toBe(false)
      expect(Object.hasOwn(COUNTRY_NAMES, code)).toBe(false)
    }
  })
})
