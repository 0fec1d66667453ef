import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../src/context.ts'
import { hashPassword } from '../../src/lib/crypto.ts'
import { randomBase62 } from '../../src/lib/ids.ts'
import type { Role } from '../../src/modules/auth/index.ts'
export const tokenHeaders = (token: string) => ({ authorization: `Token ${token}` })

/** Signs in through the API (no 2FA) and returns the session token. */
export async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login/', payload: { email, password } })
  if (res.statusCode !== 200 || !res.json().token) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return res.json().token
}

export interface DashboardUserFixture {
  userId: number
  email: string
  password: string
  token: string
}

/** Adds a user with `role` to an organization and signs them in. */
export async function createUserWithRole(
  ctx: AppContext,
  app: FastifyInstance,
  organizationId: number,
  role: Role,
): Promise<DashboardUserFixture> {
  const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`
  const password = `pw-${randomBase62(12)}`
  const user = await ctx.db
    .insertInto('users')
    .values({ organization_id: organizationId, email, password_hash: await hashPassword(password), role })
    .returning(['id'])
    .executeTakeFirstOrThrow()
  return { userId: user.id, email, password, token: await login(app, email, password) }
}

export type RoleTokens = Record<Role, string>

/** One signed-in user per role in the organization (the fixture's owner signs in as owner). */
export async function roleTokens(
  ctx: AppContext,
  app: FastifyInstance,
  organizationId: number,
  owner: { email: string; password: string },
): Promise<RoleTokens> {
  const [admin, developer, viewer] = await Promise.all(
    (['admin', 'developer', 'viewer'] as const).map((r) => createUserWithRole(ctx, app, organizationId, r)),
  )
  return {
    owner: await login(app, owner.email, owner.password),
    admin: admin.token,
    developer: developer.token,
    viewer: viewer.token,
  }
}
