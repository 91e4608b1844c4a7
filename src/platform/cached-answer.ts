// Answers served from memory: the route's success answer, serialised once by the route's own response schema and
// sent again as the same bytes while the database has not changed (services/read-cache.ts says when that is).
import type { FastifyReply } from 'fastify';
import { ok } from './envelope.js';

export interface AnswerCache {
  peek(key: string): Buffer | undefined;
  get(key: string, load: () => Promise<Buffer>): Promise<Buffer>;
}

/**
 * Sends {code: 0, msg, data} with the data load() reads, from the cache under `key` when it is still current.
 * The answer is handed to Node as bytes: a string with non-ASCII names would be encoded to UTF-8 twice, once for
 * content-length and once for the socket.
 */
export function sendCachedAnswer(reply: FastifyReply, cache: AnswerCache, key: string, load: () => Promise<unknown>): void | Promise<void> {
  return sendCachedBytes(reply, cache, key, async () => Buffer.from(reply.serialize(ok(await load())) as string));
}

/** As sendCachedAnswer, for a route that encodes its own answer: load() gives the whole answer's bytes. */
export function sendCachedBytes(reply: FastifyReply, cache: AnswerCache, key: string, load: () => Promise<Buffer>): void | Promise<void> {
  // A hit is sent at once, without a promise to wait on: it is most requests, and the cheapest of them.
  const hit = cache.peek(key);
  if (hit !== undefined) return sendBytes(reply, hit);
  return cache.get(key, load).then((bytes) => sendBytes(reply, bytes));
}

/** Sends a JSON answer already encoded (a route that writes its own bytes, cached or not). */
export function sendBytes(reply: FastifyReply, bytes: Buffer): void {
  reply.type('application/json; charset=utf-8').send(bytes);
}

/** A cache key for a parsed query: the same parameters in any order give the same key. */
export function queryKey(query: object): string {
  return JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
