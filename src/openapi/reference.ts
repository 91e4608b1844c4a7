// GET /openapi.json and the reference page at /docs (Swagger UI, its files served from node_modules; the page reads the
// same document from /docs/json): both outside the Open API's access rules and rate limits, and left out of the document.
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { DOCUMENT_PATH, REFERENCE_PREFIX } from './document.js';

export async function registerReference(app: FastifyInstance): Promise<void> {
  app.get(DOCUMENT_PATH, { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()));
  await app.register(swaggerUi, {
    routePrefix: REFERENCE_PREFIX,
    logLevel: 'warn',
    // Swagger UI's default would send the document to validator.swagger.io: the page makes no request elsewhere.
    uiConfig: { validatorUrl: null, deepLinking: true },
  } as Parameters<typeof swaggerUi>[1]);
}
