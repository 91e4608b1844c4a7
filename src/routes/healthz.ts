// GET /healthz: liveness. The process answers, says whether rate limits are shared through Redis right now, and counts
// the event deliveries by status. Always 200: a process whose Redis or database is away still answers (restarting it
// would not help); the counts are then left out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthAnswer } from '../schemas/health.js';

const COUNTS_TIMEOUT_MS = 1000;

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { response: { 200: HealthAnswer } }, logLevel: 'warn' }, async () => {
    const { redis, rateLimits } = app.kefu;
    const events = await withinTime(app.kefu.events.operations.counts(), COUNTS_TIMEOUT_MS);
    return {
      status: 'ok' as const,
      rate_limits: !rateLimits ? ('off' as const) : redis?.up ? ('shared' as const) : ('per-process' as const),
      redis: !redis ? ('not configured' as const) : redis.up ? ('connected' as const) : ('unreachable' as const),
      ...(events ? { events } : {}),
    };
  });
};
export default route;

/** The promise's value when it settles within the time, else undefined (a failure too). */
async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
