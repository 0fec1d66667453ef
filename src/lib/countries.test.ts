import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES, COUNTRY_NAMES, isCountryCode } from './countries.ts'

describe('countries', () => {
  it('lists the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODES.size).toBe(249)
    for (const code of COUNTRY_CODES) {
      expect(code).toMatch(/^[A-Z]{2}$/)
      expect(COUNTRY_NAMES[code].length).toBeGreaterThan(2)
    }
  })

  it('agrees with the ICU region data shipped with Node', () => {
    // ICU also knows reserved and deleted codes (UK, EU, XK, SU, ...); each of ours must be known.
    const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })
    for (const code of COUNTRY_CODES) expect(regions.of(code)).not.toBe(code)
  })

  it('accepts real codes and names them', () => {
    for (const code of ['US', 'FR', 'DE', 'GB', 'AX', 'SS', 'SX', 'BQ', 'CW', 'TL', 'PS']) {
      expect(isCountryCode(code)).toBe(true)
    }
    expect(COUNTRY_NAMES.FR).toBe('France')
    expect(COUNTRY_NAMES.CI).toBe("Côte d'Ivoire")
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
    }
  })
})
