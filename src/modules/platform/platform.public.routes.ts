import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'

const PlatformInfo = Type.Object(
  { name: Type.String({ description: 'PLATFORM_NAME, shown by the dashboard and the checkout page.' }) },
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
          summary: 'Public facts about this platform (its name)',
          security: [],
          response: { 200: PlatformInfo },
        },
      },
      async () => ({ name: ctx.config.platformName }),
    )
  }
