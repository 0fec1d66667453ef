import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppContext } from './context.ts'
import { ping } from './db/database.ts'
import { randomBase62 } from './lib/ids.ts'
import { installErrorHandler } from './http/error-handler.ts'
import { installOpenApi } from './http/openapi.ts'
import { installValidators } from './http/validation.ts'
import { installIdempotency } from './modules/idempotency/idempotency.plugin.ts'
import { checkoutRoutes } from './modules/checkout/checkout.routes.ts'
import { transactionRoutes } from './modules/transactions/transactions.routes.ts'
import { hostedCheckoutRoutes } from './modules/hosted-checkout/hosted-checkout.routes.ts'
import { hostedCheckoutPage } from './modules/hosted-checkout/page.routes.ts'
import { checkProviderSetup } from './modules/provider/provider.ts'
import { processorWebhookRoutes } from './modules/checkout/processor-webhook.public.routes.ts'
import { processorReturnPage } from './modules/checkout/processor-return.public.routes.ts'

/** Every API module; each is mounted at /api and mirrored at /sandbox/api (PRODUCT.md §1). */
const API_MODULES = [
  checkoutRoutes,
  hostedCheckoutRoutes,
  transactionRoutes,
  refundRoutes,
  webhookRoutes,
  authRoutes,
  invitationRoutes,
  emailRoutes,
  auditRoutes,
  organizationRoutes,
  apiKeyRoutes,
  productRoutes,
  paymentLinkRoutes,
  paymentRoutes,
  dashboardRefundRoutes,
  webhookDashboardRoutes,
  platformRoutes,
  processorWebhookRoutes,
]
import { refundRoutes } from './modules/refunds/refunds.routes.ts'
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { invitationRoutes } from './modules/auth/invitations.routes.ts'
import { emailRoutes } from './modules/email/email.routes.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { organizationRoutes } from './modules/organizations/organization.routes.ts'
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.ts'
import { productRoutes } from './modules/products/products.routes.ts'
import { paymentLinkRoutes } from './modules/payment-links/payment-links.routes.ts'
import { paymentLinkPage } from './modules/payment-links/page.routes.ts'
import { paymentRoutes } from './modules/payments/payments.routes.ts'
import { dashboardRefundRoutes } from './modules/dashboard-refunds/dashboard-refunds.routes.ts'
import { webhookDashboardRoutes } from './modules/webhooks/webhooks.dashboard.routes.ts'
import { platformRoutes } from './modules/platform/platform.routes.ts'
import { dashboardAppRoutes } from './modules/dashboard-app/dashboard-app.routes.ts'

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  checkProviderSetup(ctx)
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: () => `req_${randomBase62(16)}`,
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    // Checkout tokens (~120 chars) travel as a path segment: /checkout/<token>.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    trustProxy: process.env.TRUST_PROXY === 'true',
  }).withTypeProvider<TypeBoxTypeProvider>()

  installValidators(app)
  installErrorHandler(app)
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id)
    return payload
  })
  await installOpenApi(app, ctx.config)

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) =>
    (await ping(ctx.db))
      ? { status: 'ready' }
      : reply.status(503).send({ detail: 'Database unreachable.', code: 'not_ready' }),
  )

  await app.register(hostedCheckoutPage(ctx))
  await app.register(processorReturnPage(ctx))
  await app.register(paymentLinkPage(ctx))
  await app.register(dashboardAppRoutes())

  for (const prefix of ['/api', '/sandbox/api']) {
    await app.register(
      async (scoped) => {
        installIdempotency(scoped, ctx)
        for (const module of API_MODULES) await scoped.register(module(ctx))
      },
      { prefix },
    )
  }
  return app
}
