// Hostile bodies on every endpoint, sent as raw bytes with valid credentials so they reach parsing, validation and
// the handler: invalid JSON, wrong types, null where an object belongs, deep nesting, very large strings and arrays,
// __proto__ and constructor keys, duplicate keys, odd content types. GETs must ignore whatever body they carry.
import { test } from 'node:test';
import { validHeaders } from '../support/callers.js';
import { describeEndpoint, endpoints, exampleTarget } from '../support/endpoints.js';
import { fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz, suiteServer } from '../support/fuzz.js';
import { hostileBody, mustTryBodies } from '../support/hostile.js';
import { describeEachDatabase } from '../support/kefu.js';
import type { RawHeader } from '../support/raw-http.js';

const RUNS_WITH_BODY = fuzzRuns(120);
const RUNS_FOR_READS = fuzzRuns(25);

describeEachDatabase('hostile bodies', (dialect) => {
  const ctx = suiteServer(dialect, 'hostile-body');

  for (const e of endpoints.filter((x) => x.access !== 'probe')) {
    const runs = e.example.body === undefined ? RUNS_FOR_READS : RUNS_WITH_BODY;
    test(`${describeEndpoint(e)}: any body is answered as documented, and a refused one changes nothing`, async () => {
      await fuzz(hostileBody(e), runs, async ({ text, contentType }) => {
        const headers: RawHeader[] = validHeaders(e, ctx.callers).filter(([name]) => name !== 'Content-Type');
        if (contentType !== undefined) headers.push(['Content-Type', contentType]);
        await checkHostileRequest(ctx, e, { method: e.method, target: exampleTarget(e), headers, body: text });
      }, mustTryBodies(e));
    });
  }
});
