// Limits: the body size cap, nesting depth, array lengths in every route schema, header size, malformed HTTP, and the
// timeouts that keep a slow client from holding a connection. Every refusal is the envelope with a documented code.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { BODY_LIMIT_BYTES, eventServices, lifecycleServices } from '../../src/app.js';
import { MAX_BODY_DEPTH } from '../../src/platform/feishu-platform.js';
import { registerRoutes } from '../../src/routes/index.js';
import { AuthService } from '../../src/services/auth-service.js';
import { Store } from '../../src/services/store.js';
import { SignInService } from '../../src/services/sign-in-service.js';
import { OidcService } from '../../src/services/oidc-service.js';
import { manualClock } from '../support/clock.js';
import { TokenAttempts } from '../../src/platform/token-attempts.js';
import { answerProblems } from '../support/answers.js';
import { acmeHelpdeskHeader } from '../support/callers.js';
import { freshDatabase } from '../support/databases.js';
import { describeEndpoint, endpoints, type Endpoint } from '../support/endpoints.js';
import { Figures } from '../support/figures.js';
import { acme, describeEachDatabase, startKefu, type RunningKefu } from '../support/kefu.js';
import { rawRequest, type RawAnswer, type RawHeader } from '../support/raw-http.js';

const patchSkill = endpoints.find((e) => e.method === 'PATCH' && e.path.endsWith('/agent_skills/:agent_skill_id'))!;
const ownerHeaders: RawHeader[] = [
  ['Content-Type', 'application/json'],
  ['Authorization', `Bearer ${acme.ownerToken}`],
  ['X-Lark-Helpdesk-Authorization', acmeHelpdeskHeader],
];

function assertRefused(e: Endpoint, answer: RawAnswer, status: number, field?: string) {
  assert.deepEqual(answerProblems(e, answer), []);
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json.code, 154000);
  if (field) assert.equal(answer.json.error.field_violations?.[0]?.field, field, answer.text);
}

describeEachDatabase('limits on what a request may carry', (dialect) => {
  let kefu: RunningKefu;
  const figures = new Figures(`limits ${dialect}`);
  before(async () => (kefu = await startKefu(dialect)));
  after(async () => {
    figures.print();
    await kefu.close();
  });
  const patch = (body: string | Buffer, headers: RawHeader[] = ownerHeaders) =>
    rawRequest(kefu.baseUrl, { method: 'PATCH', target: '/open-apis/helpdesk/v1/agent_skills/skill-japanese', headers, body });

  test(`a body over ${BODY_LIMIT_BYTES} bytes is 413/154000, whether its length is announced or chunked`, async () => {
    const name = 'x'.repeat(BODY_LIMIT_BYTES);
    const over = JSON.stringify({ agent_skill: { name } });
    assertRefused(patchSkill, await patch(over), 413);
    const chunked = Buffer.concat([Buffer.from(`${over.length.toString(16)}\r\n`), Buffer.from(over), Buffer.from('\r\n0\r\n\r\n')]);
    assertRefused(patchSkill, await patch(chunked, [...ownerHeaders, ['Transfer-Encoding', 'chunked']]), 413);
    // A body just under the limit is read and validated (the name is too long for a skill, a 400 naming it).
    const under = JSON.stringify({ agent_skill: { name: name.slice(0, BODY_LIMIT_BYTES - 100) } });
    assertRefused(patchSkill, await patch(under), 400, 'agent_skill.name');
    figures.add('oversized-bodies-refused', 2);
  });

  test('a Content-Length past the limit is refused at once, before the body is sent', async () => {
    const answer = await rawRequest(kefu.baseUrl, {
      method: 'PATCH',
      target: '/open-apis/helpdesk/v1/agent_skills/skill-japanese',
      headers: [...ownerHeaders, ['Content-Length', String(50 * BODY_LIMIT_BYTES)]],
    });
    assertRefused(patchSkill, answer, 413);
  });

  test(`a body nesting deeper than ${MAX_BODY_DEPTH} levels is 400 naming the body; at the limit it is read`, async () => {
    const deep = (n: number) => `{"agent_skill":{"rules":[{"id":"10","selected_operator":5,"operand":${'['.repeat(n)}${']'.repeat(n)}}]}}`;
    assertRefused(patchSkill, await patch(deep(MAX_BODY_DEPTH)), 400, 'body');
    assertRefused(patchSkill, await patch('['.repeat(100_000) + ']'.repeat(100_000)), 400, 'body');
    // Four levels of the body's own plus the operand's: within the limit, so validation names the operand instead.
    assertRefused(patchSkill, await patch(deep(MAX_BODY_DEPTH - 4)), 400, 'agent_skill.rules[0].operand');
  });

  test('U+0000 in a path parameter, a body string or the helpdesk header is refused as documented, on both databases', async () => {
    const tenant = await (await fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
    })).json();
    const readHeaders: RawHeader[] = [['Authorization', `Bearer ${tenant.tenant_access_token}`], ['X-Lark-Helpdesk-Authorization', acmeHelpdeskHeader]];
    const getSkill = endpoints.find((e) => e.method === 'GET' && e.path.endsWith('/agent_skills/:agent_skill_id'))!;
    assertRefused(getSkill, await rawRequest(kefu.baseUrl, { method: 'GET', target: '/open-apis/helpdesk/v1/agent_skills/skill%00', headers: readHeaders }), 400, 'agent_skill_id');
    assertRefused(patchSkill, await patch(JSON.stringify({ agent_skill: { name: 'a\u0000b' } })), 400, 'agent_skill.name');
    // In the helpdesk header's id (base64 lets any byte through): the header is malformed, 401/154001.
    const nulHelpdesk = Buffer.from(`66\u00002:${acme.helpdesk.helpDeskToken}`).toString('base64');
    const refusedHeader = await rawRequest(kefu.baseUrl, { method: 'GET', target: '/open-apis/helpdesk/v1/agent_skills/skill-japanese', headers: [readHeaders[0], ['X-Lark-Helpdesk-Authorization', nulHelpdesk]] });
    assert.deepEqual(answerProblems(getSkill, refusedHeader), []);
    assert.deepEqual([refusedHeader.status, refusedHeader.json.code], [401, 154001]);
    const token = endpoints.find((e) => e.path.endsWith('/tenant_access_token/internal'))!;
    const answer = await rawRequest(kefu.baseUrl, {
      method: 'POST',
      target: token.path,
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({ app_id: 'cli_\u0000', app_secret: 'x' }),
    });
    assert.deepEqual(answerProblems(token, answer), []);
    assert.equal(answer.status, 400);
  });

  test('every array in every route schema has maxItems', async () => {
    const missing = await arraysWithoutMaxItems();
    assert.deepEqual(missing, [], `arrays without maxItems: ${missing.join(', ')}`);
  });
});

// The HTTP layer does not depend on the database: one run, on SQLite, is enough.
describe('limits of the HTTP layer', () => {
  let kefu: RunningKefu;
  const figures = new Figures('limits-http');
  before(async () => (kefu = await startKefu('sqlite')));
  after(async () => {
    figures.print();
    await kefu.close();
  });

  test('the server cuts slow clients off: 10 s for headers, 30 s for a whole request, checked every second', () => {
    const server = kefu.app.server as typeof kefu.app.server & { connectionsCheckingInterval: number };
    assert.equal(server.headersTimeout, 10_000);
    assert.equal(server.requestTimeout, 30_000);
    assert.equal(server.connectionsCheckingInterval, 1_000);
    assert.equal(server.timeout, 60_000);
    assert.equal(server.keepAliveTimeout, 5_000);
  });

  test('a client dribbling its headers, one dribbling its body and a silent one are all cut off with 408/154000', async () => {
    // Each would go on for two minutes; the server must end them long before that (10 s, 30 s, 10 s).
    const [headers, body, silent] = await Promise.all([
      dribble(kefu.baseUrl, 'GET /open-apis/helpdesk/v1/agent_skills HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ', 240),
      dribble(kefu.baseUrl, `PATCH /open-apis/helpdesk/v1/agent_skills/skill-japanese HTTP/1.1\r\nHost: x\r\n${ownerHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Content-Length: 100000\r\n\r\n`, '{"agent_skill":', 240),
      dribble(kefu.baseUrl, '', '', 0, 120_000),
    ]);
    for (const cut of [headers, body, silent]) {
      assert.equal(cut.closedByServer, true, 'the server closed the connection');
      assert.match(cut.answer, /^HTTP\/1\.1 408 /);
      const json = JSON.parse(cut.answer.slice(cut.answer.indexOf('\r\n\r\n') + 4));
      assert.equal(json.code, 154000);
      assert.deepEqual(json.data, {});
      figures.add('slow-clients-cut-off');
    }
  });

  test('headers past 16 KiB are 431/154000 with the envelope', async () => {
    const answer = await rawRequest(kefu.baseUrl, { method: 'GET', target: '/open-apis/helpdesk/v1/agent_skills', headers: [['X-Filler', 'x'.repeat(20 * 1024)]] });
    assert.equal(answer.status, 431);
    assert.equal(answer.json.code, 154000);
    assert.deepEqual(answer.json.data, {});
    assert.equal(answer.json.error.log_id, answer.headers['x-tt-logid']);
  });

  test('malformed HTTP (a raw space or control byte in the target, a bad request line) is 400/154000 with the envelope', async () => {
    const listSkills = endpoints.find((e) => e.method === 'GET' && e.path.endsWith('/agent_skills'))!;
    for (const target of ['/open-apis/helpdesk/v1/agent_skills?a=b c', '/open-apis/helpdesk/v1/agent_skills?a=\u0001', Buffer.from([0x2f, 0x00, 0x2f])]) {
      const answer = await rawRequest(kefu.baseUrl, { method: 'GET', target });
      assertRefused(listSkills, answer, 400);
    }
    const answer = await rawRequest(kefu.baseUrl, { method: 'G E T', target: '/' });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.code, 154000);
  });

  test('a path that is not valid percent-encoding, or a parameter over 200 characters, is 400/154000 naming the path', async () => {
    const getSkill = endpoints.find((e) => e.method === 'GET' && e.path.endsWith('/agent_skills/:agent_skill_id'))!;
    for (const id of ['%zz', '%E4%B8', 'x'.repeat(201)]) {
      const answer = await rawRequest(kefu.baseUrl, { method: 'GET', target: `/open-apis/helpdesk/v1/agent_skills/${id}` });
      assertRefused(getSkill, answer, 400, 'path');
    }
  });
});

interface Dribbled {
  closedByServer: boolean;
  answer: string;
}

/** Sends `head`, then `trickle` one byte every 500 ms (repeating), for up to `seconds` s; reports how it ended. */
function dribble(baseUrl: string, head: string, trickle: string, seconds: number, silentMs = 0): Promise<Dribbled> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => finish(false), Math.max(seconds * 1000, silentMs) + 5_000);
    const finish = (closedByServer: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedByServer, answer });
    };
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.write(head);
    if (trickle) {
      timer = setInterval(() => {
        if (socket.destroyed) return;
        socket.write(trickle[sent % trickle.length]);
        if (++sent >= seconds * 2) finish(false);
      }, 500);
    }
  });
}

interface RegisteredRoute {
  methods: string[];
  url: string;
  schema: Record<string, unknown>;
}

/** Every route the server registers, with its schema, as registerRoutes declares them (no database work is done). */
async function registeredRoutes(): Promise<RegisteredRoute[]> {
  const db = await freshDatabase('sqlite');
  try {
    const app = Fastify();
    const store = new Store(db.database);
    const clock = manualClock(0);
    app.decorate('kefu', { store, auth: new AuthService(store, clock), clock, ...lifecycleServices(store, clock), tokenAttempts: new TokenAttempts(false), rateLimits: false, events: eventServices(store, clock), signIn: new SignInService(store, clock), oidc: new OidcService(store, clock) });
    const routes: RegisteredRoute[] = [];
    app.addHook('onRoute', (route) => {
      routes.push({ methods: [route.method].flat().filter((m) => m !== 'HEAD'), url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
    });
    await registerRoutes(app);
    await app.close();
    return routes.filter((r) => r.methods.length > 0);
  } finally {
    await db.dispose();
  }
}

/** Arrays without maxItems in the body, query and path schemas of every route. */
async function arraysWithoutMaxItems(): Promise<string[]> {
  const missing: string[] = [];
  for (const route of await registeredRoutes()) {
    for (const part of ['body', 'querystring', 'params'] as const) walk(route.schema[part], `${route.methods.join(',')} ${route.url} ${part}`, missing);
  }
  return missing;
}

function walk(schema: unknown, path: string, missing: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (node.type === 'array' && node.maxItems === undefined) missing.push(path);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) walk(child, `${path}.${name}`, missing);
    } else if (Array.isArray(value)) value.forEach((child, i) => walk(child, `${path}[${i}]`, missing));
    else if (value && typeof value === 'object') walk(value, path, missing);
  }
}

// Keep the catalogue honest: every endpoint it names is one the limits above apply to.
test('the endpoint catalogue names every route the server registers, and nothing else', async () => {
  const registered = (await registeredRoutes()).flatMap((r) => r.methods.map((m) => `${m} ${r.url}`));
  assert.deepEqual(registered.sort(), endpoints.map(describeEndpoint).sort());
});
