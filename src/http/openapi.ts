import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'

/** The OpenAPI document is generated from the route schemas: one source of truth for the API. */
export async function installOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `${config.platformName} API`,
        version: '1.0.0',
        description:
          'Hosted checkout, payments, refunds and webhooks. Every path also exists under /sandbox/api/ for sandbox keys.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          ApiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Authorization: Api-Key <key> (or header Api-Key: <key>)',
          },
          Token: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Authorization: Token <access_token> (dashboard session)',
          },
        },
      },
    },
    // The /sandbox/api/ mirror is documented once, in the description, not path by path.
    transform: ({ schema, url }) => ({ schema: url.startsWith('/sandbox/') ? { ...schema, hide: true } : schema, url }),
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  })
  app.get('/api/schema/', { schema: { hide: true } }, async () => app.swagger())
}
