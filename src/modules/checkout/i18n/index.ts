import { COUNTRY_NAMES } from '../../../lib/countries.ts'
import { formatMinor } from '../../../lib/money.ts'
import { en, type Catalogue, type MessageKey } from './en.ts'
import { fr } from './fr.ts'

// The language of the customer-facing pages, chosen from Accept-Language (q-values honoured,
// English when nothing we speak is asked for), and what depends on it: copy, amounts, countries.

export type Locale = 'en' | 'fr'
export const LOCALES: Record<Locale, Catalogue> = { en, fr }
export type { MessageKey }

/** "fr-CA;q=0.9, en;q=0.8" → the best supported language; ties keep the header's order. */
export function negotiateLocale(acceptLanguage: string | string[] | undefined): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '')
  let best: { locale: Locale; q: number } | null = null
  for (const part of header.split(',').slice(0, 32)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';')
    const qParam = params.map((x) => x.trim()).find((x) => x.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue
    const primary = tag.split('-')[0]
    const locale = primary === 'en' || primary === 'fr' ? primary : tag === '*' ? 'en' : null
    if (locale && (!best || q > best.q)) best = { locale, q }
  }
  return best?.locale ?? 'en'
}

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€' }

/** English as the page always showed it: "$1,234.50", "€55.20", "12.00 GBP". */
function englishAmount(minor: number, currency: string): string {
  const [whole, cents] = formatMinor(minor).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const symbol = SYMBOLS[currency]
  return symbol ? `${symbol}${grouped}.${cents}` : `${grouped}.${cents} ${currency}`
}

export interface Translator {
  locale: Locale
  /** The message with its `{name}` placeholders filled in. */
  t(key: MessageKey, vars?: Record<string, string | number>): string
  /** An amount in minor units as people of this language read it: "€55.20" / "55,20 €". */
  amount(minor: number, currency: string): string
  countryName(code: string): string
  /** [code, name] sorted by name in this language. */
  countries(): Array<[string, string]>
  /** The client script's messages, passed to the page as JSON. */
  clientMessages(): Record<string, string>
}

const CLIENT_KEYS: MessageKey[] = [
  'declined',
  'attemptLeft',
  'attemptsLeft',
  'networkError',
  'genericError',
  'numberIncomplete',
  'numberInvalid',
  'expiryIncomplete',
  'expiryInvalid',
  'expiryPast',
  'cvcIncomplete',
  'cvcInvalid',
  'nameTooLong',
  'cancelQuestion',
]

const translators = new Map<Locale, Translator>()

export function translator(locale: Locale): Translator {
  const cached = translators.get(locale)
  if (cached) return cached
  const catalogue = LOCALES[locale]
  // Intl formats the exact decimal string (never a float): "55,20 €", "1 234,50 $US".
  const numberFormats = new Map<string, Intl.NumberFormat>()
  const regions = locale === 'en' ? null : new Intl.DisplayNames([locale], { type: 'region' })
  const countryName = (code: string) => regions?.of(code) ?? COUNTRY_NAMES[code] ?? code
  let sorted: Array<[string, string]> | null = null
  const made: Translator = {
    locale,
    t: (key, vars = {}) => catalogue[key].replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)),
    amount(minor, currency) {
      if (locale === 'en') return englishAmount(minor, currency)
      let format = numberFormats.get(currency)
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency })
        numberFormats.set(currency, format)
      }
      return format.format(formatMinor(minor) as unknown as number)
    },
    countryName,
    countries() {
      sorted ??= Object.keys(COUNTRY_NAMES)
        .map((code): [string, string] => [code, countryName(code)])
        .sort((a, b) => a[1].localeCompare(b[1], locale))
      return sorted
    },
    clientMessages: () => Object.fromEntries(CLIENT_KEYS.map((k) => [k, catalogue[k]])),
  }
  translators.set(locale, made)
  return made
}
