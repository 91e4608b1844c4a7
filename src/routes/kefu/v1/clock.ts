// POST /kefu/v1/clock {now | advance_ms}: moves a test server's frozen clock and runs every timer due by then, in
// time order, before answering. Registered only when the server was started with --now (a test clock); no token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ok } from '../../../platform/envelope.js';
import { badField } from '../../../platform/errors.js';
import { ClockAnswer, ClockBody } from '../../../schemas/routing.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/kefu/v1/clock', { schema: { body: ClockBody, response: { 200: ClockAnswer } } }, async (request) => {
    const { now, advance_ms } = request.body;
    if ((now === undefined) === (advance_ms === undefined)) throw badField('now', 'give exactly one of now (ISO-8601 or ms) and advance_ms');
    const current = app.kefu.clock.now();
    const target = advance_ms !== undefined ? current + advance_ms : instant(now as string | number);
    if (target < current) throw badField('now', `the clock only moves forward; it reads ${new Date(current).toISOString()}`, now);
    await app.kefu.timers.runUntil(target);
    // Event deliveries (first attempts and retries) due by the new instant are attempted before the answer too.
    await app.kefu.events.dispatcher.runDue();
    return ok({ now_ms: app.kefu.clock.now() });
  });
};

function instant(value: string | number): number {
  if (typeof value === 'number') return value;
  // Date.parse also reads loose forms ("March 7"); only ISO-8601 with a date is meant here.
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw badField('now', 'now must be an ISO-8601 instant or integer milliseconds', value);
  return ms;
}
export default route;
