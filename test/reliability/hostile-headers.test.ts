// Hostile headers on every endpoint: malformed, forged, expired and other tenants' tokens, bad base64 in the helpdesk
// header, headers of many kilobytes (some past Node's 16 KiB limit), duplicates and odd bytes. The answer is the
// documented refusal or, when the credentials happen to be good, the endpoint's normal answer; never a 5xx, never a
// leak of the other tenant, never a refused write that changed something.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { acmeMarkers, globexMarkers } from '../support/answers.js';
import { acmeTokenFor } from '../support/callers.js';
import { describeEndpoint, endpoints, exampleTarget } from '../support/endpoints.js';
import { fuzzRuns } from '../support/figures.js';
import { checkHostileRequest, fuzz, suiteServer } from '../support/fuzz.js';
import { hostileAuthorization, hostileExtraHeaders, hostileHelpdeskHeader } from '../support/hostile.js';
import { describeEachDatabase, globex } from '../support/kefu.js';
import { captureLog, secretsOf } from '../support/log-capture.js';
import type { RawHeader } from '../support/raw-http.js';

const RUNS_PER_ENDPOINT = fuzzRuns(40);

describeEachDatabase('hostile headers', (dialect) => {
  // Logged at the production level: whatever the headers held, no secret may reach a log line.
  const log = captureLog();
  const ctx = suiteServer(dialect, 'hostile-headers', { logger: { level: 'info', stream: log.stream } });

  for (const e of endpoints.filter((x) => x.access !== 'probe')) {
    test(`${describeEndpoint(e)}: any credentials and headers are answered as documented`, async () => {
      const headers = fc.tuple(
        fc.constant(null).chain(() => hostileAuthorization(acmeTokenFor(e, ctx.callers), ctx.callers.globexTenant)),
        hostileHelpdeskHeader,
        hostileExtraHeaders,
        fc.boolean(),
      );
      await fuzz(headers, RUNS_PER_ENDPOINT, async ([authorization, helpdesk, extra, extrasFirst]) => {
        const own: RawHeader[] = [['Content-Type', 'application/json']];
        if (authorization !== undefined) own.push(['Authorization', authorization]);
        if (helpdesk !== undefined) own.push(['X-Lark-Helpdesk-Authorization', helpdesk]);
        const body = e.example.body === undefined ? undefined : JSON.stringify(e.example.body);
        // With globex's own token, globex's data is the caller's own; acme's is then the other tenant's.
        const asGlobex = authorization?.includes(ctx.callers.globexTenant) || authorization?.includes(globex.ownerToken);
        const request = { method: e.method, target: exampleTarget(e), headers: extrasFirst ? [...extra, ...own] : [...own, ...extra], body };
        await checkHostileRequest(ctx, e, request, asGlobex ? acmeMarkers : globexMarkers);
      });
    });
  }

  test('after all of it, the log holds no secret', () => {
    const text = log.text();
    assert.match(text, /"log_id"/);
    assert.deepEqual(secretsOf(ctx.callers).filter((secret) => text.includes(secret)), []);
    ctx.figures.add('log-lines-searched', log.lines.length);
  });
});
