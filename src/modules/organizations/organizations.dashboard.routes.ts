import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY } from '../auth/auth.guard.ts'
import { MANAGERS } from '../auth/roles.ts'
import { Dashboard, EnvironmentQuery, Organization, OrganizationPatch, OrgUser } from './organizations.schemas.ts'
import { getOrganization, updateOrganizationProfile } from './profile.service.ts'
import { getDashboard, listOrganizationUsers } from './dashboard.service.ts'
import { changeUserRole, removeUser } from '../accounts/users.service.ts'
import { ROLES } from '../auth/roles.ts'
import { IdParam, StringEnum } from '../../http/schemas.ts'

const tags = ['Dashboard']
const security = SESSION_SECURITY

export const organizationRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)

    app.get(
      '/organization/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          summary: 'Organization profile',
          security,
          response: { 200: Organization, ...errorResponses(401, 403) },
        },
      },
      async (request) => getOrganization(ctx, sessionOf(request)),
    )

    app.patch(
      '/organization/',
      {
        onRequest: requireSession(ctx, { roles: MANAGERS }),
        schema: {
          tags,
          summary: 'Update the organization profile',
          security,
          description:
            'Owners and admins. Editable: name, website, contact_email, telegram, price_mode (HT/TTC). Read-only (min_payment, max_payment, fees, rolling_reserve_*, status) or unknown fields → 400 naming them.',
          body: OrganizationPatch,
          response: { 200: Organization, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => updateOrganizationProfile(ctx, sessionOf(request), request.body as Record<string, unknown>),
    )

    app.get(
      '/organization/dashboard/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          summary: 'Organization summary, wallet, stats and recent wallet activity',
          security,
          querystring: Type.Object({ environment: Type.Optional(EnvironmentQuery) }),
          response: { 200: Dashboard, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => getDashboard(ctx, sessionOf(request), environmentOf(request, request.query.environment)),
    )

    app.get(
      '/organization/users/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          summary: 'Users of the organization and their roles',
          security,
          response: { 200: Type.Array(OrgUser), ...errorResponses(401, 403) },
        },
      },
      async (request) => listOrganizationUsers(ctx, sessionOf(request)),
    )

    app.patch(
      '/organization/users/:id/',
      {
        onRequest: requireSession(ctx, { roles: MANAGERS }),
        schema: {
          tags,
          summary: "Change a user's role",
          security,
          description:
            'Owners and admins; only an owner changes an owner or grants owner; the last owner stays an owner.',
          params: IdParam,
          body: Type.Object({ role: StringEnum(ROLES) }),
          response: { 200: OrgUser, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => changeUserRole(ctx, sessionOf(request), request.params.id, request.body.role),
    )

    app.delete(
      '/organization/users/:id/',
      {
        onRequest: requireSession(ctx, { roles: MANAGERS }),
        schema: {
          tags,
          summary: 'Remove a user from the organization',
          security,
          description:
            'Owners and admins; only an owner removes an owner; never the last owner, never yourself. Their sessions end at once.',
          params: IdParam,
          response: { 204: { type: 'null', description: 'Removed.' }, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await removeUser(ctx, sessionOf(request), request.params.id)
        return reply.status(204).send()
      },
    )
  }
