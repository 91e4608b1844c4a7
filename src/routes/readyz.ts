// GET /readyz: readiness for a load balancer. 503 when the database does not answer (nothing works without it).
// Redis is reported but does not make a process unready: without it Kefu serves with per-process limits, and every
// process shares the one Redis, so failing readiness on it would take the whole deployment out at once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthRepository } from '../repositories/health-repository.js';
import { ReadyAnswer } from '../schemas/health.js';

const DATABASE_TIMEOUT_MS = 2000;

const route: FastifyPluginAsyncTypebox = async (app) => {
  const health = new HealthRepository(app.kefu.store.database.db);
  app.get('/readyz', { schema: { response: { 200: ReadyAnswer, 503: ReadyAnswer } }, logLevel: 'warn' }, async (request, reply) => {
    const [databaseUp, redisUp] = await Promise.all([withTimeout(health.ping(), DATABASE_TIMEOUT_MS), app.kefu.redis?.ping()]);
    if (!databaseUp) request.log.warn('readiness: the database does not answer');
    const redis = redisUp === undefined ? ('not configured' as const) : redisUp ? ('connected' as const) : ('unreachable' as const);
    reply.code(databaseUp ? 200 : 503);
    return { status: databaseUp ? ('ready' as const) : ('not ready' as const), database: databaseUp ? ('up' as const) : ('down' as const), redis };
  });
};
export default route;

/** True when the promise settles well within the time; false when it fails or takes longer. */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
