import type { FastifyInstance, LightMyRequestResponse as Response } from 'fastify'
import type { AppContext } from '../../src/context.ts'
import { hashPassword } from '../../src/lib/crypto.ts'
import { randomBase62 } from '../../src/lib/ids.ts'
import type { Role } from '../../src/modules/auth/index.ts'
import { createMerchantFixture, type Merchant, type TestPlatform } from './platform.ts'

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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/**
 * Who sends a dashboard request: a role of the fixture's organization, `'other'` (the owner of a second
 * organization), `null` (no credentials), or a session token of your own.
 */
export type Who = Role | 'other' | null | (string & {})

export interface DashboardRequests {
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
  get(url: string): Promise<Response>
  post(url: string, body?: unknown): Promise<Response>
  patch(url: string, body?: unknown): Promise<Response>
  put(url: string, body?: unknown): Promise<Response>
  delete(url: string): Promise<Response>
}

export interface DashboardFixture extends DashboardRequests {
  /** The organization under test; its owner is `merchant.email`. */
  merchant: Merchant
  /** One signed-in user per role of `merchant`'s organization. */
  tokens: RoleTokens
  /** A second organization, for tenancy checks. */
  other: Merchant
  /** The session of `other`'s owner. */
  otherToken: string
  /** The same requests sent by someone else than the owner. */
  as(who: Who): DashboardRequests
}

/**
 * The dashboard as the product sees it: a merchant with one signed-in user per role, a second merchant,
 * and request helpers that send the `Token` header (the owner's unless `as(…)` says otherwise).
 */
export async function dashboardFixture(
  platform: TestPlatform,
  options: { merchant?: Parameters<typeof createMerchantFixture>[1] } = {},
): Promise<DashboardFixture> {
  const { ctx, app } = platform
  const [merchant, other] = await Promise.all([
    createMerchantFixture(ctx, options.merchant),
    createMerchantFixture(ctx, options.merchant),
  ])
  const [tokens, otherToken] = await Promise.all([
    roleTokens(ctx, app, merchant.organizationId, merchant),
    login(app, other.email, other.password),
  ])
  const tokenOf = (who: Who): string | null =>
    who === null ? null : who === 'other' ? otherToken : Object.hasOwn(tokens, who) ? tokens[who as Role] : who
  const as = (who: Who): DashboardRequests => {
    const token = tokenOf(who)
    const request = (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { ...(token ? tokenHeaders(token) : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      })
    return {
      request,
      get: (url) => request('GET', url),
      post: (url, body) => request('POST', url, body),
      patch: (url, body) => request('PATCH', url, body),
      put: (url, body) => request('PUT', url, body),
      delete: (url) => request('DELETE', url),
    }
  }
  return { merchant, tokens, other, otherToken, as, ...as('owner') }
}
