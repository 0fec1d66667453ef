import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppContext } from './context.ts'
import { ping } from './db/database.ts'
import { randomBase62 } from './lib/ids.ts'
import { installErrorHandler } from './http/error-handler.ts'
import { installOpenApi } from './http/openapi.ts'
import { installValidators } from './http/validation.ts'
import { clientErrorHandler, frameworkErrors, MAX_HEADER_BYTES } from './http/client-errors.ts'
import { installRequestGuards } from './http/request-guards.ts'
import { installMetrics } from './http/metrics.ts'
import { installIdempotency } from './modules/idempotency/index.ts'
import {
  checkoutRoutes,
  hostedCheckoutRoutes,
  hostedCheckoutPage,
  paymentLinkCheckoutRoutes,
  paymentLinkPage,
  processorReturnPage,
  processorWebhookRoutes,
} from './modules/checkout/index.ts'
import { transactionRoutes, paymentRoutes } from './modules/payments/index.ts'
import { checkProviderSetup } from './modules/provider/index.ts'
/** Every API module; each is mounted at /api and mirrored at /sandbox/api (the same routes, sandbox keys only). */
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
  userRoutes,
  apiKeyRoutes,
  productRoutes,
  paymentLinkRoutes,
  paymentLinkCheckoutRoutes,
  paymentRoutes,
  dashboardRefundRoutes,
  dashboardRefundListRoutes,
  statsRoutes,
  webhookDashboardRoutes,
  platformRoutes,
  processorWebhookRoutes,
  subscriptionRoutes,
  testClockRoutes,
  customerRoutes,
]
import { refundRoutes, dashboardRefundRoutes, dashboardRefundListRoutes } from './modules/refunds/index.ts'
import { webhookRoutes, webhookDashboardRoutes } from './modules/webhooks/index.ts'
import { authRoutes, invitationRoutes, userRoutes } from './modules/accounts/index.ts'
import { emailRoutes } from './modules/email/index.ts'
import { auditRoutes } from './modules/audit/index.ts'
import { organizationRoutes } from './modules/organizations/index.ts'
import { apiKeyRoutes } from './modules/api-keys/index.ts'
import { productRoutes } from './modules/products/index.ts'
import { paymentLinkRoutes } from './modules/payment-links/index.ts'
import { platformRoutes } from './modules/platform/index.ts'
import { dashboardAppRoutes } from './modules/dashboard-app/index.ts'
import {
  billingPageRoutes,
  customerRoutes,
  subscriptionRoutes,
  testClockRoutes,
} from './modules/subscriptions/index.ts'
import { statsRoutes } from './modules/stats/index.ts'
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  checkProviderSetup(ctx)
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: () => `req_${randomBase62(16)}`,
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    // Checkout tokens (~120 chars) travel as a path segment: /checkout/<token>. No segment can be
    // longer than the request line, so the router never refuses one: each route's schema says the
    // limit (an id over its maxLength is a documented 400 naming the parameter).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_HEADER_BYTES },
    trustProxy: ctx.config.trustProxy,
    // A request Node refuses before routing (headers over 16 KB, …) still answers {detail, code}.
    clientErrorHandler,
    frameworkErrors,
    // `__proto__` / `constructor.prototype` keys stay plain keys; installRequestGuards refuses them by name.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  }).withTypeProvider<TypeBoxTypeProvider>()

  installValidators(app)
  installErrorHandler(app)
  installRequestGuards(app)
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id)
    return payload
  })
  await installOpenApi(app, ctx.config)

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (ctx.lifecycle?.draining)
      return reply.status(503).send({ detail: 'Shutting down; not taking new work.', code: 'not_ready' })
    return (await ping(ctx.db))
      ? { status: 'ready' }
      : reply.status(503).send({ detail: 'Database unreachable.', code: 'not_ready' })
  })
  installMetrics(app, ctx)

  await app.register(hostedCheckoutPage(ctx))
  await app.register(processorReturnPage(ctx))
  await app.register(paymentLinkPage(ctx))
  await app.register(billingPageRoutes(ctx))
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
