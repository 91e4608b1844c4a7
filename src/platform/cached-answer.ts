// Answers served from memory: the route's success answer, serialised once by the route's own response schema and
// sent again as the same bytes while the database has not changed (see services/read-cache.ts for when that is).
import type { FastifyReply } from 'fastify';
import { ok } from './envelope.js';

export interface AnswerCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Sends {code: 0, msg, data} with the data load() reads, from the cache under `key` when it is still current. */
export async function sendCachedAnswer(reply: FastifyReply, cache: AnswerCache, key: string, load: () => Promise<unknown>): Promise<FastifyReply> {
  const bytes = await cache.get(key, async () => Buffer.from(reply.serialize(ok(await load())) as string));
  return reply.type('application/json; charset=utf-8').send(bytes);
}
