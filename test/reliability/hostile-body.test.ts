// Hostile bodies on every endpoint, sent as raw bytes with valid credentials so they reach parsing, validation and
// the handler: invalid JSON, wrong types, null where an object belongs, deep nesting, very large strings and arrays,
// __proto__ and constructor keys, duplicate keys, odd content types. GETs must ignore whatever body they carry.
import { after, before, test } from 'node:test';
import { issueCallers, validHeaders, type Callers } from '../support/callers.js';
import { describeEndpoint, endpoints, exampleTarget } from '../support/endpoints.js';
import { Figures, fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz } from '../support/fuzz.js';
import { hostileBody, mustTryBodies } from '../support/hostile.js';
import { describeEachDatabase, startKefu, type RunningKefu } from '../support/kefu.js';
import type { RawHeader } from '../support/raw-http.js';

const RUNS_WITH_BODY = fuzzRuns(120);
const RUNS_FOR_READS = fuzzRuns(25);

describeEachDatabase('hostile bodies', (dialect) => {
  let kefu: RunningKefu;
  let callers: Callers;
  const figures = new Figures(`hostile-body ${dialect}`);
  before(async () => {
    kefu = await startKefu(dialect);
    callers = await issueCallers(kefu.baseUrl);
  });
  after(async () => {
    figures.print();
    await kefu.close();
  });

  for (const e of endpoints.filter((x) => x.access !== 'probe')) {
    const runs = e.example.body === undefined ? RUNS_FOR_READS : RUNS_WITH_BODY;
    test(`${describeEndpoint(e)}: any body is answered as documented, and a refused one changes nothing`, async () => {
      await fuzz(hostileBody(e), runs, async ({ text, contentType }) => {
        const headers: RawHeader[] = validHeaders(e, callers).filter(([name]) => name !== 'Content-Type');
        if (contentType !== undefined) headers.push(['Content-Type', contentType]);
        await checkHostileRequest({ kefu, callers, figures }, e, { method: e.method, target: exampleTarget(e), headers, body: text });
      }, mustTryBodies(e));
    });
  }
});
