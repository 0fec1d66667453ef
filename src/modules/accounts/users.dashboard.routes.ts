import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses, IdParam, StringEnum } from '../../http/schemas.ts'
import { requireSession, sessionOf, SESSION_SECURITY, MANAGERS, ROLES } from '../auth/index.ts'
import { OrgUser } from './accounts.schemas.ts'
import { changeUserRole, listOrganizationUsers, removeUser } from './users.service.ts'

const tags = ['Dashboard']
const security = SESSION_SECURITY

/** The organization's team: who can sign in to the dashboard, and with which role. */
export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)

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
