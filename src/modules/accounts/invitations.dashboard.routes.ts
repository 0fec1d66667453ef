import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { DateTime, errorResponses, IdParam, StringEnum } from '../../http/schemas.ts'
import { requireSession, sessionOf, SESSION_SECURITY, MANAGERS, ROLES } from '../auth/index.ts'
import { Email, Invitation, InvitationAccepted, InvitationPreview } from './accounts.schemas.ts'
import {
  acceptInvitation,
  inviteUser,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './invitations.service.ts'
const tags = ['Dashboard']

export const invitationRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const managers = requireSession(ctx, { roles: MANAGERS })

    app.get(
      '/organization/invitations/',
      {
        onRequest: managers,
        schema: {
          tags,
          summary: 'List invitations',
          security: SESSION_SECURITY,
          response: { 200: Type.Array(Invitation), ...errorResponses(401, 403) },
        },
      },
      async (request) => listInvitations(ctx, sessionOf(request)),
    )

    app.post(
      '/organization/invitations/',
      {
        onRequest: managers,
        schema: {
          tags,
          summary: 'Invite a user by email',
          security: SESSION_SECURITY,
          description:
            'Owners and admins; only an owner invites an owner. The invitee gets an email with a token valid 7 days; a new invitation to the same email replaces the pending one.',
          body: Type.Object({ email: Email, role: StringEnum(ROLES) }),
          response: { 201: Invitation, ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await inviteUser(ctx, sessionOf(request), request.body)),
    )

    app.post(
      '/organization/invitations/:id/revoke/',
      {
        onRequest: managers,
        schema: {
          tags,
          summary: 'Revoke a pending invitation',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 200: Invitation, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => revokeInvitation(ctx, sessionOf(request), request.params.id),
    )

    app.post(
      '/auth/invitations/preview/',
      {
        schema: {
          tags: ['Dashboard auth'],
          summary: 'What an invitation token is for (before accepting)',
          security: [],
          description: 'The token travels in the body, not the URL, so it stays out of access logs.',
          body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: {
            200: InvitationPreview,
            ...errorResponses(400),
          },
        },
      },
      async (request) => previewInvitation(ctx, request.body.token),
    )

    app.post(
      '/auth/invitations/accept/',
      {
        schema: {
          tags: ['Dashboard auth'],
          summary: 'Accept an invitation: choose a password, get a session',
          security: [],
          body: Type.Object({
            token: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            name: Type.Optional(Type.String({ maxLength: 200, description: 'How the team sees the new member.' })),
          }),
          response: {
            201: InvitationAccepted,
            ...errorResponses(400, 409),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await acceptInvitation(ctx, request.body, {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          }),
        ),
    )
  }
