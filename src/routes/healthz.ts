// GET /healthz: liveness. The process answers, and says whether rate limits are shared through Redis right now.
// Always 200: a process whose Redis is away still serves (per-process limits), so restarting it would not help.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthAnswer } from '../schemas/health.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { response: { 200: HealthAnswer } }, logLevel: 'warn' }, async () => {
    const { redis, rateLimits } = app.kefu;
    return {
      status: 'ok' as const,
      rate_limits: !rateLimits ? ('off' as const) : redis?.up ? ('shared' as const) : ('per-process' as const),
      redis: !redis ? ('not configured' as const) : redis.up ? ('connected' as const) : ('unreachable' as const),
    };
  });
};
export default route;
