import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { readApiKey } from '../api-keys/index.ts'
import { isSandboxMirror, requireSession, sessionOf, SESSION_SECURITY, MANAGERS } from '../auth/index.ts'
import { AppError } from '../../lib/errors.ts'
import { DateTime, errorResponses } from '../../http/schemas.ts'
import { RefundCreated } from './refunds.schemas.ts'
import { createDashboardRefund } from './refunds.dashboard.service.ts'
import { requestRefundCode } from './verification.service.ts'

const tags = ['Refunds']
const security = SESSION_SECURITY

const DashboardRefundBody = Type.Object({
  transaction_id: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })], {
    description: 'Payment public id (TX…) or numeric id.',
  }),
  reason: Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'Reason shown to the customer and sent to the payment provider.',
  }),
  amount: Type.Optional(
    Type.String({
      maxLength: 20,
      description: 'Partial amount in the charge currency (TTC); omit for the full remaining refundable amount.',
    }),
  ),
  verification_code: Type.String({
    minLength: 1,
    maxLength: 12,
    description: 'The 6-digit code from POST /api/refunds/verification-code/.',
  }),
})

const CodeSent = Type.Object(
  {
    sent_to: Type.String({ description: "The signed-in user's email." }),
    expires_at: DateTime,
    expires_in: Type.Integer({ description: 'Seconds (600).' }),
  },
  { title: 'RefundCodeSent' },
)

export const dashboardRefundRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const managers = requireSession(ctx, { roles: MANAGERS })
    // The dashboard's refund route: API keys get 405 (they refund through POST /api/transactions/{id}/refund/).
    const refuseApiKeys = async (request: FastifyRequest, _reply: FastifyReply) => {
      if (readApiKey(request) || /^Api-Key\s/i.test(request.headers.authorization ?? '')) {
        throw new AppError(
          'method_not_allowed',
          'API keys cannot create refunds here; use POST /api/transactions/{id}/refund/.',
          undefined,
          { allow: 'GET' },
        )
      }
    }

    app.post(
      '/refunds/verification-code/',
      {
        onRequest: managers,
        schema: {
          tags,
          security,
          summary: 'Email a refund verification code (dashboard)',
          description:
            'Sends a 6-digit code to the signed-in user: single use, valid 10 minutes, 5 tries; a new code replaces the previous one. Owners and admins.',
          response: { 200: CodeSent, ...errorResponses(401, 403, 429) },
        },
      },
      async (request) => requestRefundCode(ctx, sessionOf(request)),
    )

    app.post(
      '/refunds/',
      {
        onRequest: [refuseApiKeys, managers],
        schema: {
          tags,
          security,
          summary: 'Create a refund (dashboard session)',
          description:
            'Body transaction_id, reason, optional amount, verification_code (emailed by POST /api/refunds/verification-code/). Answers like POST /api/transactions/{id}/refund/. Owners and admins. API keys get 405: use POST /api/transactions/{id}/refund/.',
          body: DashboardRefundBody,
          response: { 200: RefundCreated, ...errorResponses(400, 401, 403, 404, 405, 409) },
        },
      },
      async (request) => createDashboardRefund(ctx, sessionOf(request), request.body, isSandboxMirror(request)),
    )
  }
