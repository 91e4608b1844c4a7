// Isolation and secrets: every helpdesk endpoint against every way a caller can be the wrong one (no token, forged,
// expired, another tenant's, another helpdesk's header, a non-admin user, a read-only app on a write, another tenant
// naming this tenant's ids). Each answer has the documented status and code, holds no byte of the other tenant's data,
// and a refused call changes nothing. The server's log, captured at trace level, never holds a secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretsEqual } from '../../src/platform/secrets.js';
import { acmeMarkers, answerProblems, fixtureSecrets, globexMarkers, leaks } from '../support/answers.js';
import { acmeHelpdeskHeader, acmeTokenFor, globexHelpdeskHeader, validHeaders, type Callers } from '../support/callers.js';
import { captureLog, secretsOf } from '../support/log-capture.js';
import { describeEndpoint, endpoints, exampleTarget, helpdeskEndpoints, type Endpoint } from '../support/endpoints.js';
import { suiteServer } from '../support/fuzz.js';
import { acme, describeEachDatabase, globex } from '../support/kefu.js';
import { rawRequest, type RawHeader } from '../support/raw-http.js';
import { allTables, snapshot } from '../support/state.js';

const TOKEN_LIFETIME_MS = 7200 * 1000;

type Expected = 'ok' | { status: number; code: number };
const refused = (status: number, code: number): Expected => ({ status, code });

interface Condition {
  name: string;
  headers(e: Endpoint, callers: Callers): RawHeader[];
  expect(e: Endpoint): Expected;
  /** Whose data the caller may see; the other tenant's must not appear. */
  caller: 'acme' | 'globex';
  /** Moves the clock for the call (an expired tenant token), and back. */
  clockShift?: (e: Endpoint) => number;
}

const bearer = (token: string): RawHeader => ['Authorization', `Bearer ${token}`];
const helpdesk = (value: string): RawHeader => ['X-Lark-Helpdesk-Authorization', value];
const isRead = (e: Endpoint) => e.access === 'read';
const namesAcmeObjects = (e: Endpoint) => e.example.params !== undefined || e.example.body !== undefined;

const conditions: Condition[] = [
  { name: 'no token', caller: 'acme', headers: () => [helpdesk(acmeHelpdeskHeader)], expect: () => refused(400, 99991661) },
  {
    name: 'a forged token',
    caller: 'acme',
    headers: (e) => [bearer(isRead(e) ? 't-gForgedForgedForgedForgedForgedForged0000' : 'u-forgedForgedForgedForged0000'), helpdesk(acmeHelpdeskHeader)],
    expect: (e) => refused(400, isRead(e) ? 99991663 : 99991668),
  },
  {
    name: 'an expired token',
    caller: 'acme',
    headers: (e, c) => [bearer(isRead(e) ? c.acmeTenant : acme.ownerExpiredToken), helpdesk(acmeHelpdeskHeader)],
    expect: (e) => refused(400, isRead(e) ? 99991663 : 99991668),
    clockShift: (e) => (isRead(e) ? TOKEN_LIFETIME_MS + 1000 : 0),
  },
  {
    name: "another tenant's token",
    caller: 'acme',
    headers: (e, c) => [bearer(isRead(e) ? c.globexTenant : globex.ownerToken), helpdesk(acmeHelpdeskHeader)],
    expect: () => refused(401, 154001),
  },
  {
    name: "another helpdesk's header",
    caller: 'acme',
    headers: (e, c) => [bearer(acmeTokenFor(e, c)!), helpdesk(globexHelpdeskHeader)],
    expect: () => refused(401, 154001),
  },
  {
    name: 'a user who is not an admin',
    caller: 'acme',
    headers: () => [bearer(acme.plainUserToken), helpdesk(acmeHelpdeskHeader)],
    expect: (e) => (isRead(e) ? 'ok' : refused(403, 154003)),
  },
  {
    name: 'a read-only app',
    caller: 'acme',
    headers: (e, c) => [bearer(isRead(e) ? c.acmeReadonlyTenant : acme.ownerReadonlyToken), helpdesk(acmeHelpdeskHeader)],
    expect: (e) => (isRead(e) ? 'ok' : refused(400, 99991672)),
  },
  {
    name: "another tenant, with its own credentials, naming this tenant's ids",
    caller: 'globex',
    headers: (e, c) => [bearer(isRead(e) ? c.globexTenant : globex.ownerToken), helpdesk(globexHelpdeskHeader)],
    expect: (e) => (namesAcmeObjects(e) ? refused(400, 154000) : 'ok'),
  },
];

describeEachDatabase('isolation: every endpoint x every wrong caller', (dialect) => {
  const log = captureLog();
  const ctx = suiteServer(dialect, 'isolation', { logger: { level: 'trace', stream: log.stream } });

  for (const e of helpdeskEndpoints) {
    test(`${describeEndpoint(e)}: each wrong caller gets its documented answer and nothing of the other tenant`, async () => {
      const db = ctx.kefu.app.kefu.store.database.db;
      for (const condition of conditions) {
        const expected = condition.expect(e);
        const headers: RawHeader[] = [['Content-Type', 'application/json'], ...condition.headers(e, ctx.callers)];
        const body = e.example.body === undefined ? undefined : JSON.stringify(e.example.body);
        const before = await snapshot(db, allTables);
        const shift = condition.clockShift?.(e) ?? 0;
        ctx.kefu.clock.advance(shift);
        const answer = await rawRequest(ctx.kefu.baseUrl, { method: e.method, target: exampleTarget(e), headers, body }).finally(() => ctx.kefu.clock.advance(-shift));
        const where = `${condition.name}: ${answer.status} ${answer.text.slice(0, 300)}`;

        assert.deepEqual(answerProblems(e, answer), [], where);
        if (expected === 'ok') assert.equal(answer.json.code, 0, where);
        else assert.deepEqual({ status: answer.status, code: answer.json.code }, expected, where);
        const requestText = [exampleTarget(e), ...headers.map(([, v]) => String(v)), body ?? ''].join('\n');
        const otherTenant = condition.caller === 'acme' ? globexMarkers : acmeMarkers;
        assert.deepEqual(leaks(answer.text, requestText, [...otherTenant, ...fixtureSecrets]), [], where);
        if (expected !== 'ok') assert.equal(await snapshot(db, allTables), before, `${where}: a refused call changed the database`);
        ctx.figures.add('cases');
        ctx.figures.add(expected === 'ok' ? 'allowed' : 'refused-as-documented');
      }
    });
  }

  test('every example in the endpoint catalogue succeeds for the right caller (reads, then writes)', async () => {
    const ordered = [...endpoints.filter((e) => e.method === 'GET'), ...endpoints.filter((e) => e.method !== 'GET')];
    for (const e of ordered.filter((x) => x.needs === undefined)) {
      const body = e.example.body === undefined ? undefined : JSON.stringify(e.example.body);
      const answer = await rawRequest(ctx.kefu.baseUrl, { method: e.method, target: exampleTarget(e), headers: validHeaders(e, ctx.callers), body });
      assert.deepEqual(answerProblems(e, answer), [], describeEndpoint(e));
      assert.equal(answer.status, 200, `${describeEndpoint(e)}: ${answer.text.slice(0, 300)}`);
      ctx.figures.add('examples-succeeded');
    }
  });

  test('the log, at trace level, holds no secret: app secrets, helpdesk tokens, user and tenant tokens, helpdesk headers', () => {
    const text = log.text();
    // The log is there and speaks of these requests: the search below is not vacuous.
    assert.match(text, /"log_id"/);
    assert.match(text, /agent_skills/);
    const secrets = secretsOf(ctx.callers);
    assert.deepEqual(secrets.filter((s) => text.includes(s)), []);
    ctx.figures.add('log-lines-searched', log.lines.length);
    ctx.figures.add('secrets-searched-for', secrets.length);
  });
});

test('secrets compare without throwing whatever their lengths and contents (the comparison hashes both sides first)', () => {
  assert.equal(secretsEqual('acme-secret-1', 'acme-secret-1'), true);
  for (const given of ['', 'acme-secret-', 'acme-secret-12', 'x'.repeat(10_000), '张三', '\u0000']) assert.equal(secretsEqual(given, 'acme-secret-1'), false);
});
