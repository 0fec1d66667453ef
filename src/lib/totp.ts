import { timingSafeEqual } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'

/**
 * TOTP (RFC 6238) from `otpauth`: HMAC-SHA-1, 6 digits, 30-second steps — the parameters every
 * authenticator app supports. Secrets travel as RFC 4648 base32 without padding.
 */

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps accepted either side of the current one, for clock drift between server and phone. */
export const TOTP_DRIFT_STEPS = 1

const PARAMETERS = { algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_STEP_SECONDS } as const

/** 20 random bytes = 160 bits, the HMAC-SHA-1 block-friendly size RFC 4226 recommends. */
export const generateTotpSecret = () => new Secret({ size: 20 }).base32

export const totpStep = (at: Date) => Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS)

export function totpCode(secretBase32: string, at: Date, digits = TOTP_DIGITS): string {
  return TOTP.generate({ ...PARAMETERS, digits, secret: Secret.fromBase32(secretBase32), timestamp: at.getTime() })
}

/**
 * The time step whose code matches, looking TOTP_DRIFT_STEPS back and forward, or null. Every step
 * of the window is computed and compared in constant time, so timing says nothing about which
 * digits were right. Callers store the step and refuse steps ≤ the last accepted one (a code works once).
 */
export function matchTotp(secretBase32: string, code: string, at: Date, window = TOTP_DRIFT_STEPS): number | null {
  if (!/^\d{6}$/.test(code)) return null
  let secret: Secret
  try {
    secret = Secret.fromBase32(secretBase32)
  } catch {
    return null
  }
  const given = Buffer.from(code)
  const current = totpStep(at)
  let matched: number | null = null
  for (let delta = -window; delta <= window; delta++) {
    const timestamp = (current + delta) * TOTP_STEP_SECONDS * 1000
    const expected = Buffer.from(TOTP.generate({ ...PARAMETERS, secret, timestamp }))
    if (timingSafeEqual(given, expected) && matched === null) matched = current + delta
  }
  return matched
}

export function otpauthUrl(input: { issuer: string; account: string; secret: string }): string {
  return new TOTP({
    ...PARAMETERS,
    issuer: input.issuer,
    label: input.account,
    secret: Secret.fromBase32(input.secret),
  }).toString()
}
