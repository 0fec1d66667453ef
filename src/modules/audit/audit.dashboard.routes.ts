import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses, Nullable, DateTime } from '../../http/schemas.ts'
import { PagingQuery, sendPage } from '../../http/paging.ts'
import { requireSession, sessionOf, SESSION_SECURITY, MANAGERS } from '../auth/index.ts'
import { listAuditLog } from './audit.service.ts'

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    action: Type.String({ description: 'e.g. organization.updated, api_key.created, product.archived.' }),
    actor: Type.Object({ user_id: Nullable(Type.Integer()), email: Nullable(Type.String()) }),
    target: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
    ip: Nullable(Type.String()),
    before: Nullable(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Changed fields before the write (settings changes).',
      }),
    ),
    after: Nullable(Type.Record(Type.String(), Type.Unknown())),
    created_at: DateTime,
  },
  { title: 'AuditEntry' },
)

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/organization/audit-log/',
      {
        onRequest: requireSession(ctx, { roles: MANAGERS }),
        schema: {
          tags: ['Dashboard'],
          summary: 'Audit log of dashboard writes',
          description:
            'Newest first. Owners and admins. Paging with page/page_size (default 20); the total is in X-Total-Count, neighbours in Link.',
          security: SESSION_SECURITY,
          querystring: Type.Object({
            ...PagingQuery,
            action: Type.Optional(Type.String({ maxLength: 100 })),
            target_type: Type.Optional(Type.String({ maxLength: 100 })),
          }),
          response: { 200: Type.Array(AuditEntry), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        sendPage(ctx, request, reply, await listAuditLog(ctx.db, sessionOf(request).organizationId, request.query)),
    )
  }
