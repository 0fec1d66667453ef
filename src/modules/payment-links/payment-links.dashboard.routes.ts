import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { errorResponses } from '../../http/schemas.ts'
import {
  isSandboxMirror,
  environmentFilterOf,
  environmentOf,
  requireSession,
  sessionOf,
  SESSION_SECURITY,
  BUILDERS,
} from '../auth/index.ts'
import { sendPage } from '../../http/paging.ts'
import { PaymentSummary } from '../payments/index.ts'
import {
  LinkCreateBody,
  LinkListQuery,
  LinkParams,
  LinkPatchBody,
  LinkPaymentsQuery,
  PaymentLink,
  PaymentLinkQr,
} from './payment-links.schemas.ts'
import {
  createLink,
  deleteLink,
  getLink,
  getLinkQr,
  listLinkPayments,
  listLinks,
  updateLink,
} from './payment-links.service.ts'

const tags = ['Payment links']
const security = SESSION_SECURITY

export const paymentLinkRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const anyRole = requireSession(ctx)
    const builders = requireSession(ctx, { roles: BUILDERS })

    app.get(
      '/payment-links/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'List payment links with paid count and revenue',
          description:
            'Newest first; deleted links only with include_deleted=true. Without environment, both environments (on /sandbox/api/ sandbox only). page/page_size (default 20), total in X-Total-Count, neighbours in Link.',
          querystring: LinkListQuery,
          response: { 200: Type.Array(PaymentLink), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        sendPage(
          ctx,
          request,
          reply,
          await listLinks(
            ctx,
            sessionOf(request),
            environmentFilterOf(request, request.query.environment),
            request.query,
          ),
        ),
    )

    app.post(
      '/payment-links/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Create a payment link',
          description:
            'Snapshots the products and prices now. Owners, admins and developers. The answer carries id (the uuid) and url (the shareable page).',
          body: LinkCreateBody,
          response: { 201: PaymentLink, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createLink(ctx, sessionOf(request), environmentOf(request, request.body.environment), request.body),
          ),
    )

    app.get(
      '/payment-links/:uuid/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Get a payment link with its stats',
          params: LinkParams,
          response: { 200: PaymentLink, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getLink(ctx, sessionOf(request), request.params.uuid, isSandboxMirror(request)),
    )

    app.get(
      '/payment-links/:uuid/qr/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: "The link's URL as an SVG QR code",
          description: 'For printing or showing on a screen; the code encodes exactly the url field.',
          params: LinkParams,
          response: { 200: PaymentLinkQr, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getLinkQr(ctx, sessionOf(request), request.params.uuid, isSandboxMirror(request)),
    )

    app.patch(
      '/payment-links/:uuid/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Update a payment link',
          description: 'name, is_active, expires_at, max_uses (not below the payments already collected), metadata.',
          params: LinkParams,
          body: LinkPatchBody,
          response: { 200: PaymentLink, ...errorResponses(400, 401, 403, 404, 410) },
        },
      },
      async (request) =>
        updateLink(ctx, sessionOf(request), request.params.uuid, request.body, isSandboxMirror(request)),
    )

    app.delete(
      '/payment-links/:uuid/',
      {
        onRequest: builders,
        schema: {
          tags,
          security,
          summary: 'Delete a payment link (soft)',
          description: 'The link stops working at once (410 for buyers); its payments and stats stay readable.',
          params: LinkParams,
          response: { 200: PaymentLink, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => deleteLink(ctx, sessionOf(request), request.params.uuid, isSandboxMirror(request)),
    )

    app.get(
      '/payment-links/:uuid/payments/',
      {
        onRequest: anyRole,
        schema: {
          tags,
          security,
          summary: 'Payments collected through a payment link',
          description:
            'Newest first; by default the payments that succeeded (refunded ones included); status filters any status.',
          params: LinkParams,
          querystring: LinkPaymentsQuery,
          response: { 200: Type.Array(PaymentSummary), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        sendPage(
          ctx,
          request,
          reply,
          await listLinkPayments(ctx, sessionOf(request), request.params.uuid, request.query, isSandboxMirror(request)),
        ),
    )
  }
