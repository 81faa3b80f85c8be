import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/**
 * The OpenAPI 3 document, generated from the route schemas, at /openapi.json, and Swagger UI at /docs. The UI's
 * assets come from the installed package, so the docs work without internet access.
 */
export const registerOpenApi = async (app: FastifyInstance, version: string): Promise<void> => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'JustID API',
        version,
        description:
          'Real-time matching and person lookup against the JustID person index. Every /v1 route needs ' +
          '`Authorization: Bearer <client id>.<secret>` and the scope named on it (`x-scope`); routes that touch a ' +
          'person also need `X-Purpose`, which is written to the tamper-evident audit log.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '<client id>.<secret>' } },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
