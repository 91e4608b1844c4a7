// The JSON body of a GET, for the one Feishu endpoint that reads one (GET ticket_customized_fields takes its
// `visible` filter there, as every SDK sends it). Fastify never reads a GET's body, so the route reads it here,
// under the same limit and the same parsing rules as any other body.
import type { preValidationHookHandler } from 'fastify';
import { ApiError, errors } from './errors.js';
import { parseJsonBody } from './feishu-platform.js';

export function readGetBody(limit: number): preValidationHookHandler {
  return (request, _reply, done) => {
    const raw = request.raw;
    const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
    if (encoding === undefined && (length === undefined || length === '0')) return done();
    if (length !== undefined && Number(length) > limit) return done(tooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      raw.removeListener('data', onData).removeListener('end', onEnd).removeListener('error', finish);
      if (error) return done(error);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        // Only a JSON body says anything; the SDK always labels it so.
        request.body = /^application\/json\b/i.test(request.headers['content-type'] ?? '') ? parseJsonBody(text) : undefined;
        done();
      } catch (e) {
        done(e as Error);
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        raw.pause();
        return finish(tooLarge(limit));
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    raw.on('data', onData).on('end', onEnd).on('error', finish);
  };
}

function tooLarge(limit: number): ApiError {
  return new ApiError(errors.payloadTooLarge, { detail: `the limit is ${limit} bytes` });
}
