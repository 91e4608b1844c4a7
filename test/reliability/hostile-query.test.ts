// Hostile query strings and path parameters on every endpoint, sent as raw bytes: wrong types, huge numbers, empty
// values, repeated and bracketed keys, invalid percent-encoding, non-ASCII. Each answer is checked by checkHostileRequest.
import { test } from 'node:test';
import fc from 'fast-check';
import { validHeaders } from '../support/callers.js';
import { describeEndpoint, endpoints } from '../support/endpoints.js';
import { fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz, suiteServer } from '../support/fuzz.js';
import { hostilePath, hostileQuery } from '../support/hostile.js';
import { describeEachDatabase } from '../support/kefu.js';

const RUNS_PER_ENDPOINT = fuzzRuns(60);

describeEachDatabase('hostile query strings and path parameters', (dialect) => {
  const ctx = suiteServer(dialect, 'hostile-query');

  for (const e of endpoints) {
    test(`${describeEndpoint(e)}: any query string or path is answered as documented`, async () => {
      const request = fc.tuple(hostilePath(e), hostileQuery(e), fc.boolean());
      await fuzz(request, RUNS_PER_ENDPOINT, async ([path, query, withQuestionMark]) => {
        const target = query || withQuestionMark ? `${path}?${query}` : path;
        const body = e.example.body === undefined ? undefined : JSON.stringify(e.example.body);
        await checkHostileRequest(ctx, e, { method: e.method, target, headers: validHeaders(e, ctx.callers), body });
      });
    });
  }
});
