import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import { environmentOf, requireSession, sessionOf, SESSION_SECURITY, MANAGERS } from '../auth/index.ts'
import { Dashboard, EnvironmentQuery, Organization, OrganizationPatch } from './organizations.schemas.ts'
import { getOrganization, updateOrganizationProfile } from './profile.service.ts'
import { getDashboard } from './dashboard.service.ts'

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
  }
