import { describe, expect, test } from 'vitest'
import { en } from './en.ts'
import { fr } from './fr.ts'
import { negotiateLocale, translator } from './index.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('customer page catalogues', () => {
  test('English and French have the same keys, each non-empty with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(fr[key].trim(), key).not.toBe('')
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]))
    }
  })

  test('the English labels stay the contract ones', () => {
    const t = translator('en').t
    expect([t('cardNumber'), t('expiryDate'), t('cvc'), t('nameOnCard'), t('cancel')]).toEqual([
      'Card number',
      'Expiry date',
      'CVC',
      'Name on card',
      'Cancel',
    ])
    expect(t('pay', { amount: translator('en').amount(12000, 'USD') })).toBe('Pay $120.00')
  })
})

describe('Accept-Language', () => {
  test.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
    ['en-GB,fr;q=0.9', 'en'],
    ['de-DE,fr;q=0.5,en;q=0.4', 'fr'],
    ['de, it;q=0.9', 'en'],
    ['fr;q=0, en', 'en'],
    ['en;q=0.2, fr-CA;q=0.8', 'fr'],
    ['*', 'en'],
    ['fr;q=abc, en;q=0.1', 'en'],
    [['es', 'fr-BE;q=0.3'], 'fr'],
  ] as const)('%j → %s', (header, locale) => {
    expect(negotiateLocale(header as string | string[] | undefined)).toBe(locale)
  })
})

describe('amounts per language, from integer minor units', () => {
  test.each([
    ['en', 5520, 'EUR', '€55.20'],
    ['en', 123450, 'USD', '$1,234.50'],
    ['fr', 5520, 'EUR', '55,20\u00a0€'],
    ['fr', 123450, 'EUR', '1\u202f234,50\u00a0€'],
    ['fr', 12000, 'USD', '120,00\u00a0$US'],
    ['fr', 999_999_999_999, 'EUR', '9\u202f999\u202f999\u202f999,99\u00a0€'],
  ] as const)('%s %d %s → %s', (locale, minor, currency, shown) => {
    expect(translator(locale).amount(minor, currency)).toBe(shown)
  })

  test('countries are named and sorted in the page language', () => {
    expect(translator('fr').countryName('DE')).toBe('Allemagne')
    expect(translator('en').countryName('DE')).toBe('Germany')
    const names = translator('fr')
      .countries()
      .map(([, name]) => name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')))
  })
})
