// GET /metrics: Prometheus's text format. Outside the Open API's access check, like the probes: bind it or guard it
// as docs/deploy.md says (serve --metrics off, or --metrics HOST:PORT for a listener of its own).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const metrics = app.kefu.metrics!;
    reply.type(metrics.contentType);
    return metrics.text();
  });
};
export default route;
