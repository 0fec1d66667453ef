import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { CARD_MESSAGES, cardBrand, luhnValid, parseExpiry, validateCard } from './card.ts'

const now = new Date('2026-11-24T12:00:00Z')
const valid = { number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' }

describe('card form rules', () => {
  test('a valid card comes back normalised', () => {
    expect(validateCard(valid, now)).toEqual({
      errors: {},
      card: {
        number: '4242424242424242',
        expMonth: 12,
        expYear: 2034,
        cvc: '123',
        name: 'Ada Lovelace',
        brand: 'visa',
      },
    })
  })

  test('Luhn: one changed digit is always caught', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '4242424242424242'.split('').map(Number)
        digits[position] = (digits[position] + delta) % 10
        return !luhnValid(digits.join(''))
      }),
    )
    expect(luhnValid('4242424242424242')).toBe(true)
    expect(luhnValid('42a2')).toBe(false)
  })

  test.each([
    [{ number: '' }, 'number', CARD_MESSAGES.numberIncomplete],
    [{ number: '4242 4242' }, 'number', CARD_MESSAGES.numberIncomplete],
    [{ number: '4242 4242 4242 4241' }, 'number', CARD_MESSAGES.numberInvalid],
    [{ number: '4242-abcd-4242-4242' }, 'number', CARD_MESSAGES.numberInvalid],
    [{ expiry: '' }, 'expiry', CARD_MESSAGES.expiryIncomplete],
    [{ expiry: '12 /' }, 'expiry', CARD_MESSAGES.expiryIncomplete],
    [{ expiry: '13 / 30' }, 'expiry', CARD_MESSAGES.expiryInvalid],
    [{ expiry: '10 / 26' }, 'expiry', CARD_MESSAGES.expiryPast],
    [{ expiry: '12 / 2020' }, 'expiry', CARD_MESSAGES.expiryPast],
    [{ cvc: '12' }, 'cvc', CARD_MESSAGES.cvcIncomplete],
    [{ cvc: '12a' }, 'cvc', CARD_MESSAGES.cvcInvalid],
    [{ cvc: '1234' }, 'cvc', CARD_MESSAGES.cvcInvalid],
    [{ name: 'x'.repeat(101) }, 'name', CARD_MESSAGES.nameTooLong],
  ])('%o → %s: %s', (override, field, message) => {
    const { errors, card } = validateCard({ ...valid, ...override }, now)
    expect(card).toBeNull()
    expect(errors).toEqual({ [field]: message })
  })

  test('the current month is still valid; amex takes a 4-digit CVC', () => {
    expect(validateCard({ ...valid, expiry: '11/26' }, now).card).not.toBeNull()
    expect(validateCard({ ...valid, number: '3782 822463 10005', cvc: '1234' }, now).card?.brand).toBe('amex')
  })

  test('expiry and brand parsing', () => {
    expect(parseExpiry('0734')).toEqual({ month: 7, year: 2034 })
    expect(parseExpiry('7/2034')).toEqual({ month: 7, year: 2034 })
    expect(cardBrand('5555555555554444')).toBe('mastercard')
    expect(cardBrand('6011111111111117')).toBe('discover')
    expect(cardBrand('9999')).toBe('unknown')
  })
})
