import type { Database } from '../../db/database.ts'
import { hashPassword } from '../../lib/crypto.ts'
import { FieldErrors, conflict } from '../../lib/errors.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { insertOrganization, insertUser } from './organizations.repository.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A merchant is an organization plus its first user (the owner). */
export async function createMerchant(
  db: Database,
  input: { email: string; password: string; orgName: string; role?: 'owner' },
) {
  const errors = new FieldErrors()
  const email = input.email?.trim().toLowerCase() ?? ''
  if (!EMAIL.test(email) || email.length > 254) errors.add('email', 'Must be a valid email address.')
  if (!input.password || input.password.length < 8) errors.add('password', 'Must be at least 8 characters.')
  if (input.password && input.password.length > 200) errors.add('password', 'Must be at most 200 characters.')
  const orgName = input.orgName?.trim() ?? ''
  if (orgName.length === 0 || orgName.length > 200) errors.add('org_name', 'Must be 1 to 200 characters.')
  errors.throwIfAny()
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction().execute(async (trx) => {
      const org = await insertOrganization(trx, {
        name: orgName,
        price_mode: 'TTC',
        website: null,
        contact_email: email,
        telegram: null,
      })
      const user = await insertUser(trx, {
        organization_id: org.id,
        email,
        password_hash: passwordHash,
        role: input.role ?? 'owner',
      })
      return { organization: org, user }
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('email_taken', 'A user with this email already exists.')
    throw err
  }
}
