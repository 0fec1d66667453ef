/**
 * Card-form rules shared by the server and the hosted checkout page (bundled into its script), so the
 * page refuses exactly what the server refuses. Messages follow the wording card forms commonly use.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown'

export interface CardInput {
  number: string
  expiry: string
  cvc: string
  name: string
}

export interface ValidCard {
  number: string
  expMonth: number
  expYear: number
  cvc: string
  name: string
  brand: CardBrand
}

export type CardField = 'number' | 'expiry' | 'cvc' | 'name'

export const CARD_MESSAGES = {
  numberIncomplete: 'Your card number is incomplete.',
  numberInvalid: 'Your card number is invalid.',
  expiryIncomplete: "Your card's expiration date is incomplete.",
  expiryInvalid: "Your card's expiration date is invalid.",
  expiryPast: "Your card's expiration date is in the past.",
  cvcIncomplete: "Your card's security code is incomplete.",
  cvcInvalid: "Your card's security code is invalid.",
  nameTooLong: 'The name on your card is too long.',
} as const

/** Spaces and dashes are how people type card numbers; anything else is not a card number. */
export const normalizeCardNumber = (raw: string) => raw.replace(/[\s-]/g, '')

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa'
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard'
  if (/^3[47]/.test(digits)) return 'amex'
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover'
  return 'unknown'
}

const expectedLength = (brand: CardBrand) => (brand === 'amex' ? 15 : 16)
export const cvcLength = (brand: CardBrand) => (brand === 'amex' ? 4 : 3)

/** "MM / YY", "MM/YY", "MMYY" or "MM / YYYY" → month and four-digit year. */
export function parseExpiry(raw: string): { month: number; year: number } | 'incomplete' | 'invalid' {
  const text = raw.replace(/\s/g, '')
  const match = /^(\d{1,2})\/?(\d{2}|\d{4})?$/.exec(text)
  if (!match) return text.length === 0 || /^\d{1,3}\/?$/.test(text) ? 'incomplete' : 'invalid'
  if (!match[2]) return 'incomplete'
  const month = Number(match[1])
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2])
  if (month < 1 || month > 12) return 'invalid'
  return { month, year }
}

/** Every problem of the card form, keyed by field; the card itself when there is none. */
export function validateCard(
  input: CardInput,
  now: Date,
): { errors: Partial<Record<CardField, string>>; card: ValidCard | null } {
  const errors: Partial<Record<CardField, string>> = {}
  const number = normalizeCardNumber(input.number)
  const brand = cardBrand(number)
  if (number.length === 0 || (/^\d+$/.test(number) && number.length < Math.min(expectedLength(brand), 13)))
    errors.number = CARD_MESSAGES.numberIncomplete
  else if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) errors.number = CARD_MESSAGES.numberInvalid

  const expiry = parseExpiry(input.expiry)
  if (expiry === 'incomplete') errors.expiry = CARD_MESSAGES.expiryIncomplete
  else if (expiry === 'invalid') errors.expiry = CARD_MESSAGES.expiryInvalid
  else {
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth()
    const given = expiry.year * 12 + (expiry.month - 1)
    // A card is valid through the last day of its expiry month.
    if (given < current) errors.expiry = CARD_MESSAGES.expiryPast
    else if (expiry.year > now.getUTCFullYear() + 50) errors.expiry = CARD_MESSAGES.expiryInvalid
  }

  const cvc = input.cvc.trim()
  if (!/^\d*$/.test(cvc)) errors.cvc = CARD_MESSAGES.cvcInvalid
  else if (cvc.length < cvcLength(brand)) errors.cvc = CARD_MESSAGES.cvcIncomplete
  else if (cvc.length > cvcLength(brand)) errors.cvc = CARD_MESSAGES.cvcInvalid

  // The name is optional (the page pre-fills the billing name); processors do not check it.
  const name = input.name.trim()
  if (name.length > 100) errors.name = CARD_MESSAGES.nameTooLong

  if (Object.keys(errors).length > 0 || typeof expiry === 'string') return { errors, card: null }
  return { errors, card: { number, expMonth: expiry.month, expYear: expiry.year, cvc, name, brand } }
}
