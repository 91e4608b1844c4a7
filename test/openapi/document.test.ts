// The OpenAPI document: a valid OpenAPI 3.1 document, naming every registered route with the credentials its access
// rule admits and the errors it can answer; served at /openapi.json, with its reference page at /docs, to anyone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../src/cli/openapi.js';
import { errors } from '../../src/platform/errors.js';
import { runKefu } from '../support/child.js';
import { describeEndpoint, endpoints, type Access } from '../support/endpoints.js';
import { startKefu, type RunningKefu } from '../support/kefu.js';
import { documentedErrors, openApiPath, operationOf, type OpenApiDocument } from '../support/openapi.js';

const doc = (await openApiDocument()) as OpenApiDocument;

test('the document is valid OpenAPI 3.1 (and the validator refuses a broken copy)', async () => {
  assert.equal(doc.openapi, '3.1.0');
  const result = await new Validator().validate(structuredClone(doc) as any);
  assert.deepEqual(result.errors ?? [], []);
  assert.equal(result.valid, true);
  const broken = structuredClone(doc) as any;
  broken.paths['/open-apis/helpdesk/v1/agent_skills'].get.responses = 'none';
  assert.equal((await new Validator().validate(broken)).valid, false);
});

test('the document has an operation for every route of the endpoint catalogue, and no other', () => {
  const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  assert.deepEqual(documented.sort(), endpoints.map((e) => `${e.method} ${openApiPath(e.path)}`).sort());
});

const securityByAccess: Record<Access, Record<string, string[]>[]> = {
  public: [],
  probe: [],
  read: [{ tenant_access_token: [], helpdesk: [] }, { user_access_token: [], helpdesk: [] }],
  adminWrite: [{ user_access_token: [], helpdesk: [] }],
  adminRead: [{ user_access_token: [], helpdesk: [] }],
  userWrite: [{ user_access_token: [], helpdesk: [] }],
  tenantWrite: [{ tenant_access_token: [], helpdesk: [] }],
  guest: [{ user_access_token: [] }],
  userUpload: [{ user_access_token: [] }],
  appTenant: [{ tenant_access_token: [] }],
  appToken: [{ app_access_token: [] }, { tenant_access_token: [] }],
};

test('each operation names the credentials its access rule admits: bearer tokens and the helpdesk header', () => {
  assert.deepEqual(doc.components.securitySchemes, {
    tenant_access_token: { type: 'http', scheme: 'bearer', description: (doc.components.securitySchemes.tenant_access_token as any).description },
    app_access_token: { type: 'http', scheme: 'bearer', description: (doc.components.securitySchemes.app_access_token as any).description },
    user_access_token: { type: 'http', scheme: 'bearer', description: (doc.components.securitySchemes.user_access_token as any).description },
    helpdesk: { type: 'apiKey', in: 'header', name: 'X-Lark-Helpdesk-Authorization', description: (doc.components.securitySchemes.helpdesk as any).description },
  });
  for (const e of endpoints) assert.deepEqual(operationOf(doc, e)?.security, securityByAccess[e.access], describeEndpoint(e));
});

test('each operation documents the refusals of its access rule, and every documented error is a row of the error table', () => {
  const rows = new Set(Object.values(errors).map((r) => `${r.status}/${r.code}`));
  for (const e of endpoints) {
    const documented = documentedErrors(operationOf(doc, e)!);
    const where = describeEndpoint(e);
    assert.deepEqual(documented.filter((d) => !rows.has(d)), [], where);
    assert.ok(documented.includes('400/154000') && documented.includes('500/155000'), where);
    const guarded = e.access !== 'public' && e.access !== 'probe';
    assert.equal(documented.includes('400/99991661'), guarded, `${where}: a missing token`);
    assert.equal(documented.includes('401/154001'), guarded && e.access !== 'guest' && e.access !== 'userUpload' && e.access !== 'appTenant' && e.access !== 'appToken', `${where}: the helpdesk header`);
    // The app's own token is all the OIDC endpoints ask: no role, no scope, no helpdesk; a wrong token is 99991664.
    assert.equal(documented.includes('403/154003'), guarded && e.access !== 'read' && e.access !== 'appToken', `${where}: the token kind or the role`);
    if (e.access === 'appToken') assert.ok(documented.includes('400/99991664'), `${where}: an invalid app token`);
    if (e.access === 'read' || e.access === 'adminWrite' || e.access === 'public') assert.ok(documented.includes('429/99991400'), `${where}: rate limits`);
    if (e.access === 'probe') assert.ok(!documented.includes('429/99991400'), `${where}: a probe is never rate limited`);
  }
  const errorsOf = (method: string, path: string) => documentedErrors(operationOf(doc, endpoints.find((e) => e.method === method && e.path === path)!)!);
  assert.ok(errorsOf('POST', '/open-apis/helpdesk/v1/message').includes('405/154005'));
  assert.ok(errorsOf('GET', '/open-apis/helpdesk/v1/ticket_images').includes('401/154404'));
  assert.ok(errorsOf('POST', '/open-apis/auth/v3/tenant_access_token/internal').includes('400/10014'));
  // Kefu's guest API is outside Feishu's per-app limits.
  assert.ok(!errorsOf('GET', '/kefu/v1/chats').includes('429/99991400'));
});

describe('served', () => {
  let kefu: RunningKefu;
  before(async () => {
    kefu = await startKefu('sqlite');
  });
  after(() => kefu.close());

  test('GET /openapi.json answers the document to a caller without credentials', async () => {
    const res = await fetch(`${kefu.baseUrl}/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/json/);
    assert.deepEqual(await res.json(), doc);
  });

  test('GET /docs is a reference page whose scripts and styles are all served by Kefu itself', async () => {
    const res = await fetch(`${kefu.baseUrl}/docs`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/html/);
    const page = await res.text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.some((a) => a.endsWith('swagger-ui-bundle.js')), page);
    assert.deepEqual(assets.filter((a) => /^(https?:)?\/\//.test(a)), []);
    for (const asset of assets) {
      const answer = await fetch(new URL(asset, `${kefu.baseUrl}/docs/`));
      assert.equal(answer.status, 200, asset);
    }
    // The page loads the document from /docs/json (the same document) and sends it to no validator service.
    const initializer = await (await fetch(`${kefu.baseUrl}/docs/static/swagger-initializer.js`)).text();
    assert.match(initializer, /resolveUrl\('\.\/json'\)/);
    assert.match(initializer, /validatorUrl: ?null/);
    assert.deepEqual(await (await fetch(`${kefu.baseUrl}/docs/json`)).json(), doc);
  });
});

test('kefu openapi prints the same document without a server', () => {
  const { stdout, status } = runKefu(['openapi']);
  assert.equal(status, 0);
  assert.deepEqual(JSON.parse(stdout), doc);
});
