import { sql, type Updateable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { UsersTable } from '../../db/schema.ts'

export function findUserByEmail(db: Database, email: string) {
  return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst()
}

export function findUser(db: Database, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockUser(db: Database, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function updateUser(db: Database, id: number, patch: Updateable<UsersTable>) {
  await db
    .updateTable('users')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export function listUsers(db: Database, organizationId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'totp_enabled_at', 'created_at'])
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute()
}

/** Compare-and-set on the last accepted TOTP step: a code (or an older one) is accepted once. */
export async function advanceTotpStep(db: Database, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---- 2FA challenges (the step between password and code at login)

export function insertChallenge(db: Database, row: { user_id: number; challenge_hash: string; expires_at: Date }) {
  return db.insertInto('two_factor_challenges').values(row).returning(['id']).executeTakeFirstOrThrow()
}

/** Counts the attempt atomically and returns the challenge only while it is usable. */
export function spendChallengeAttempt(db: Database, challengeHash: string, now: Date, maxAttempts: number) {
  return db
    .updateTable('two_factor_challenges')
    .set({ attempts: sql`attempts + 1` })
    .where('challenge_hash', '=', challengeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxAttempts)
    .returningAll()
    .executeTakeFirst()
}

export async function useChallenge(db: Database, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('two_factor_challenges')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---- recovery codes

export async function replaceRecoveryCodes(db: Database, userId: number, hashes: string[]) {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  if (hashes.length)
    await db
      .insertInto('recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute()
}

export async function useRecoveryCode(db: Database, userId: number, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function countUnusedRecoveryCodes(db: Database, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

// ---- login throttling

export function findThrottles(db: Database, keys: string[]) {
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute()
}

/** Counts one failure; a key quiet for `resetAfterMs` starts again from one. Returns the new count. */
export async function countFailure(db: Database, key: string, now: Date, resetAfterMs: number): Promise<number> {
  const quietSince = new Date(now.getTime() - resetAfterMs)
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, last_failure_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when login_throttle.last_failure_at < ${quietSince} then 1 else login_throttle.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow()
  return row.failures
}

export async function lockKey(db: Database, key: string, until: Date) {
  await db.updateTable('login_throttle').set({ locked_until: until }).where('key', '=', key).execute()
}

export async function clearThrottle(db: Database, key: string) {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute()
}

/** Row-locks the organization's owners, so two concurrent demotions cannot both remove "the other" owner. */
export function lockOwners(db: Database, organizationId: number) {
  return db
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .orderBy('id')
    .forUpdate()
    .execute()
}

export function lockOrgUser(db: Database, organizationId: number, id: number) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function deleteUser(db: Database, id: number) {
  await db.deleteFrom('users').where('id', '=', id).execute()
}

/**
 * Housekeeping: used or expired sign-in challenges after a day, sessions a month past their end,
 * throttle rows quiet for a day (their counters would restart anyway). Returns rows removed.
 */
export async function purgeAuthLeftovers(db: Database, now: Date): Promise<number> {
  const day = new Date(now.getTime() - 86_400_000)
  const month = new Date(now.getTime() - 30 * 86_400_000)
  const results = await Promise.all([
    db.deleteFrom('two_factor_challenges').where('expires_at', '<', day).executeTakeFirst(),
    db
      .deleteFrom('user_sessions')
      .where((eb) => eb.or([eb('absolute_expires_at', '<', month), eb('revoked_at', '<', month)]))
      .executeTakeFirst(),
    db
      .deleteFrom('login_throttle')
      .where('last_failure_at', '<', day)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst(),
  ])
  return results.reduce((n, r) => n + Number(r.numDeletedRows), 0)
}
