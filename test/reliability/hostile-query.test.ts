// Hostile query strings and path parameters on every endpoint, sent as raw bytes: wrong types, huge numbers, empty
// values, repeated and bracketed keys, invalid percent-encoding, non-ASCII; now and then a method the path does not
// serve. Each answer is checked by checkHostileRequest.
import { test } from 'node:test';
import fc from 'fast-check';
import { validHeaders } from '../support/callers.js';
import { describeEndpoint, endpoints, exampleBody } from '../support/endpoints.js';
import { fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz, suiteServer } from '../support/fuzz.js';
import { hostilePath, hostileQuery } from '../support/hostile.js';
import { describeEachDatabase } from '../support/kefu.js';

const RUNS_PER_ENDPOINT = fuzzRuns(60);

describeEachDatabase('hostile query strings and path parameters', (dialect) => {
  const ctx = suiteServer(dialect, 'hostile-query');

  for (const e of endpoints) {
    test(`${describeEndpoint(e)}: any query string or path is answered as documented`, async () => {
      // Mostly the endpoint's own method; sometimes one it does not serve, or one HTTP does not know.
      const method = fc.oneof({ weight: 9, arbitrary: fc.constant(e.method) }, { weight: 1, arbitrary: fc.constantFrom('OPTIONS', 'PUT', 'TRACE', 'PROPFIND', 'get', 'FOO') });
      const request = fc.tuple(hostilePath(e), hostileQuery(e), fc.boolean(), method);
      await fuzz(request, RUNS_PER_ENDPOINT, async ([path, query, withQuestionMark, verb]) => {
        const target = query || withQuestionMark ? `${path}?${query}` : path;
        const body = exampleBody(e);
        await checkHostileRequest(ctx, e, { method: verb, target, headers: validHeaders(e, ctx.callers), body });
      });
    });
  }
});
