import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import {
  environmentFilterOf,
  environmentOf,
  requireSession,
  sessionOf,
  SESSION_SECURITY,
  MANAGERS,
} from '../auth/index.ts'
import {
  ApiKeyCreateBody,
  ApiKeyListQuery,
  ApiKeyMetadata,
  ApiKeyRotateBody,
  ApiKeyRotated,
  ApiKeyWithSecret,
} from './api-keys.schemas.ts'
import {
  createDashboardKey,
  listDashboardKeys,
  revokeDashboardKey,
  rotateDashboardKey,
} from './api-keys.dashboard.service.ts'
import { Type } from '@sinclair/typebox'

const tags = ['Dashboard']
const security = SESSION_SECURITY

export const apiKeyRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const managers = requireSession(ctx, { roles: MANAGERS })

    app.get(
      '/organization/api-keys/',
      {
        onRequest: requireSession(ctx),
        schema: {
          tags,
          summary: 'List API keys (metadata only, never the key)',
          security,
          querystring: ApiKeyListQuery,
          response: { 200: Type.Array(ApiKeyMetadata), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) =>
        listDashboardKeys(ctx, sessionOf(request), environmentFilterOf(request, request.query.environment)),
    )

    app.post(
      '/organization/api-keys/',
      {
        config: { answerHasSecret: true },
        onRequest: managers,
        schema: {
          tags,
          summary: 'Create an API key (the raw key is in this answer only)',
          description: 'Owners and admins.',
          security,
          body: ApiKeyCreateBody,
          response: { 201: ApiKeyWithSecret, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await createDashboardKey(ctx, sessionOf(request), {
            ...request.body,
            environment: environmentOf(request, request.body.environment),
          }),
        ),
    )

    app.post(
      '/organization/api-keys/rotate/',
      {
        config: { answerHasSecret: true },
        onRequest: managers,
        // Every field is optional, so a POST without a body means "rotate the newest key now".
        preValidation: async (request) => {
          request.body ??= {}
        },
        schema: {
          tags,
          summary: 'Rotate an API key',
          security,
          description:
            'Owners and admins. Replaces `id` (default: the newest active key) with a new key of the same environment and scopes. `overlap_minutes` keeps the old key working that long; default 0 revokes it now. The raw key is in this answer only.',
          body: ApiKeyRotateBody,
          response: { 200: ApiKeyRotated, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => rotateDashboardKey(ctx, sessionOf(request), request.body),
    )

    app.post(
      '/organization/api-keys/:id/revoke/',
      {
        onRequest: managers,
        schema: {
          tags,
          summary: 'Revoke an API key now',
          description: 'Owners and admins. Revoking a revoked key answers its metadata again.',
          security,
          params: IdParam,
          response: { 200: ApiKeyMetadata, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => revokeDashboardKey(ctx, sessionOf(request), request.params.id),
    )
  }
