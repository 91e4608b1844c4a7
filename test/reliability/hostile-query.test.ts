// Hostile query strings and path parameters on every endpoint, sent as raw bytes: wrong types, huge numbers, empty
// values, repeated and bracketed keys, invalid percent-encoding, non-ASCII. Each answer is checked by checkHostileRequest.
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { issueCallers, validHeaders, type Callers } from '../support/callers.js';
import { describeEndpoint, endpoints } from '../support/endpoints.js';
import { Figures, fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz } from '../support/fuzz.js';
import { hostilePath, hostileQuery } from '../support/hostile.js';
import { describeEachDatabase, startKefu, type RunningKefu } from '../support/kefu.js';

const RUNS_PER_ENDPOINT = fuzzRuns(60);

describeEachDatabase('hostile query strings and path parameters', (dialect) => {
  let kefu: RunningKefu;
  let callers: Callers;
  const figures = new Figures(`hostile-query ${dialect}`);
  before(async () => {
    kefu = await startKefu(dialect);
    callers = await issueCallers(kefu.baseUrl);
  });
  after(async () => {
    figures.print();
    await kefu.close();
  });

  for (const e of endpoints) {
    test(`${describeEndpoint(e)}: any query string or path is answered as documented`, async () => {
      const request = fc.tuple(hostilePath(e), hostileQuery(e), fc.boolean());
      await fuzz(request, RUNS_PER_ENDPOINT, async ([path, query, withQuestionMark]) => {
        const target = query || withQuestionMark ? `${path}?${query}` : path;
        const body = e.example.body === undefined ? undefined : JSON.stringify(e.example.body);
        await checkHostileRequest({ kefu, callers, figures }, e, { method: e.method, target, headers: validHeaders(e, callers), body });
      });
    });
  }
});
