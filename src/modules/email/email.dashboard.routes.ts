import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { DateTime, errorResponses, Nullable, StringEnum } from '../../http/schemas.ts'
import { PagingQuery, sendPage } from '../../http/paging.ts'
import { requireSession, sessionOf, SESSION_SECURITY, MANAGERS } from '../auth/index.ts'
import { listOutbox } from './email.service.ts'

const Email = Type.Object(
  {
    id: Type.Integer(),
    to: Type.String(),
    subject: Type.String(),
    text: Type.String(),
    status: StringEnum(['pending', 'sending', 'sent', 'stored', 'failed'] as const, {
      description: 'stored = kept in the local outbox (no SMTP configured).',
    }),
    transport: Nullable(Type.String()),
    created_at: DateTime,
    sent_at: Nullable(DateTime),
  },
  { title: 'Email' },
)

export const emailRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/organization/emails/',
      {
        onRequest: requireSession(ctx),
        schema: {
          tags: ['Dashboard'],
          summary: 'Email outbox',
          description:
            'Emails the platform sent (or, without SMTP_URL, kept locally) for this organization, newest first. Owners and admins see every message; other roles only those addressed to them.',
          security: SESSION_SECURITY,
          querystring: Type.Object(PagingQuery),
          response: { 200: Type.Array(Email), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const user = sessionOf(request)
        return sendPage(
          ctx,
          request,
          reply,
          await listOutbox(
            ctx.db,
            user.organizationId,
            MANAGERS.includes(user.role) ? null : user.email,
            request.query,
          ),
        )
      },
    )
  }
