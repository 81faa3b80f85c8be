import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** Swagger UI's version badges and links fall short of WCAG AA contrast (4.5:1); these colours meet it. */
const CONTRAST_CSS = `
.swagger-ui .info .title small pre, .swagger-ui .info .title small { background: #505a5f !important; }
.swagger-ui .info .title small.version-stamp { background: #00703c !important; }
.swagger-ui .info .base-url, .swagger-ui .info .url, .swagger-ui .info a { color: #1d70b8 !important; }
.swagger-ui .opblock .opblock-summary-description, .swagger-ui .opblock-tag small { color: #0b0c0c !important; }
.swagger-ui .btn.authorize, .swagger-ui .btn.authorize span { color: #00703c !important; border-color: #00703c !important; }
.swagger-ui .btn.authorize svg { fill: #00703c !important; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d70b8 !important; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #00703c !important; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8f4c00 !important; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #aa2a16 !important; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #4c2c92 !important; }
.swagger-ui .parameter__in, .swagger-ui .parameter__type, .swagger-ui .prop-format { color: #505a5f !important; }
.swagger-ui pre, .swagger-ui .body-param__example { white-space: pre-wrap !important; overflow: visible !important; max-height: none !important; word-break: break-word; }
`

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
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Without the top bar (its logo has no text alternative and its URL box no label) and without deep links
    // (a link inside each operation's button is an interactive element inside another): axe-clean (test/web).
    // Plain examples (the highlighter's colours fall short of contrast) that wrap rather than scroll.
    uiConfig: {
      layout: 'BaseLayout',
      deepLinking: false,
      defaultModelsExpandDepth: -1,
      syntaxHighlight: false,
    },
    theme: { title: 'JustID API', css: [{ filename: 'contrast.css', content: CONTRAST_CSS }] },
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
