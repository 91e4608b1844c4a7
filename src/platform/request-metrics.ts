// Counts every answered request for the metrics: its route pattern (never the raw URL, whose ids would make a series
// per ticket), status, Feishu code and latency. One hook after the answer is sent; what it records is kept in memory
// and only turned into text when /metrics is scraped.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface RequestObserver {
  /** `route` is the route's pattern, or `unmatched` for a URL no route serves. */
  observe(method: string, route: string, status: number, code: number, seconds: number): void;
}

/** The label of requests no route serves: one series for all of them, whatever URLs a scanner tries. */
export const UNMATCHED_ROUTE = 'unmatched';

export const requestMetrics = fp<{ observer: RequestObserver }>(async (app, { observer }) => {
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    observer.observe(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.feishuCode, reply.elapsedTime / 1000);
    done();
  });
});
