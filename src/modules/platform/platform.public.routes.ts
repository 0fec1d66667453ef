import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'

const PlatformInfo = Type.Object(
  {
    name: Type.String({ description: 'PLATFORM_NAME, shown by the dashboard and the checkout page.' }),
    email_outbox: Type.Boolean({
      description: 'true when SMTP_URL is unset: emails (refund codes, invitations) are kept in the dashboard Outbox.',
    }),
  },
  { title: 'PlatformInfo' },
)

export const platformRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/platform/',
      {
        schema: {
          tags: ['Platform'],
          summary: 'Public facts about this platform (its name, whether emails stay in the Outbox)',
          security: [],
          response: { 200: PlatformInfo },
        },
      },
      async () => ({ name: ctx.config.platformName, email_outbox: ctx.config.smtpUrl === null }),
    )
  }
