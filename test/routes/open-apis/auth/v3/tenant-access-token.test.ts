import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../../../../support/kefu.js';

describeEachDatabase('POST /open-apis/auth/v3/tenant_access_token/internal', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const issue = (body: unknown) =>
    fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('answers a flat body with a tenant token and 7200 s', async () => {
    const res = await issue({ app_id: acme.app.appId, app_secret: acme.app.appSecret });
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('x-tt-logid'));
    const body = await res.json();
    assert.equal(body.code, 0);
    assert.equal(body.data, undefined, 'no data wrapper');
    assert.match(body.tenant_access_token, /^t-/);
    assert.equal(body.expire, 7200);
  });

  test('answers the same token while 30 minutes or more are left, a new one after, and both stay valid', async () => {
    const first = await (await issue({ app_id: acme.app.appId, app_secret: acme.app.appSecret })).json();
    kefu.clock.advance(60 * 60 * 1000);
    const again = await (await issue({ app_id: acme.app.appId, app_secret: acme.app.appSecret })).json();
    assert.equal(again.tenant_access_token, first.tenant_access_token);
    assert.ok(again.expire <= 3600 && again.expire > 3500, `expire counts down (${again.expire})`);
    kefu.clock.advance(40 * 60 * 1000);
    const renewed = await (await issue({ app_id: acme.app.appId, app_secret: acme.app.appSecret })).json();
    assert.notEqual(renewed.tenant_access_token, first.tenant_access_token);
    assert.equal(renewed.expire, 7200);
    for (const token of [first.tenant_access_token, renewed.tenant_access_token]) {
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_skills`, {
        headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': Buffer.from(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`).toString('base64') },
      });
      assert.equal(res.status, 200, 'both tokens valid in the overlap');
    }
  });

  test('a token stops working when it expires, even one that was just used with the same headers', async () => {
    const { tenant_access_token } = await (await issue({ app_id: acme.readonlyApp.appId, app_secret: acme.readonlyApp.appSecret })).json();
    const call = () =>
      fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_skills`, {
        headers: { authorization: `Bearer ${tenant_access_token}`, 'x-lark-helpdesk-authorization': Buffer.from(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`).toString('base64') },
      });
    assert.equal((await call()).status, 200);
    kefu.clock.advance(7200 * 1000 - 1);
    assert.equal((await call()).status, 200, 'still valid a millisecond before it expires');
    kefu.clock.advance(1);
    const res = await call();
    assert.equal(res.status, 400);
    assert.equal((await res.json()).code, 99991663);
  });

  test('a wrong secret and an unknown app answer alike, without a token', async () => {
    for (const body of [{ app_id: acme.app.appId, app_secret: 'wrong' }, { app_id: 'cli_nope', app_secret: 'x' }]) {
      const res = await issue(body);
      assert.equal(res.status, 400);
      const answer = await res.json();
      assert.equal(answer.code, 10014);
      assert.equal(answer.tenant_access_token, undefined);
    }
  });

  test('missing fields are refused with 10003', async () => {
    for (const body of [{}, { app_id: acme.app.appId }, { app_id: 5, app_secret: [] }]) {
      const res = await issue(body);
      assert.equal(res.status, 400);
      assert.equal((await res.json()).code, 10003);
    }
  });

  test('the app_access_token endpoint answers app and tenant tokens', async () => {
    const res = await fetch(`${kefu.baseUrl}/open-apis/auth/v3/app_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
    });
    const body = await res.json();
    assert.equal(body.code, 0);
    assert.match(body.app_access_token, /^a-/);
    assert.match(body.tenant_access_token, /^t-/);
    assert.equal(typeof body.expire, 'number');
  });

  test('the official SDK obtains and uses a tenant token by itself', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const res = await client.helpdesk.agentSkill.list({}, (await import('@larksuiteoapi/node-sdk')).withHelpDeskCredential());
    assert.equal(res.code, 0);
  });
});

describeEachDatabase('expired token rows', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const tokenRows = async () => {
    const rows = await kefu.app.kefu.store.database.db.selectFrom('access_tokens').select(['token_hash', 'expires_at']).execute();
    return { all: rows.length, expired: rows.filter((r) => Number(r.expires_at) <= kefu.clock.now()).length };
  };

  test('are deleted when a token is issued, at most once a minute; live ones stay', async () => {
    const body = JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret });
    const issue = async () => {
      const res = await fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
    };
    // The fixture holds one expired user token from the start.
    assert.equal((await tokenRows()).expired, 1);
    const first = await issue();
    assert.equal((await tokenRows()).expired, 0, 'the fixture\'s expired token was deleted');

    kefu.clock.advance(7200 * 1000);
    const before = await tokenRows();
    assert.equal(before.expired, 1, 'the first tenant token has expired');
    const second = await issue();
    assert.notEqual(second, first);
    const after = await tokenRows();
    assert.deepEqual(after, { all: before.all, expired: 0 }, 'the expired row went, the new one came');

    // Within a minute of that, an expiry is left for the next prune.
    kefu.clock.advance(30_000);
    await kefu.app.kefu.auth.registerUserToken({ app_id: acme.app.appId, open_id: acme.plain, expires_at: kefu.clock.now() - 1 });
    await issue();
    assert.equal((await tokenRows()).expired, 1);
    kefu.clock.advance(30_000);
    await issue();
    assert.equal((await tokenRows()).expired, 0);
  });
});

describeEachDatabase('the server secret behind tenant and app tokens', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  test('a failed first read of it is not remembered: the next request is answered with a token', async () => {
    const settings = kefu.app.kefu.store.repos.settings;
    const read = settings.getOrInsert;
    settings.getOrInsert = async () => {
      settings.getOrInsert = read;
      throw new Error('the database went away for a moment');
    };
    const issue = () =>
      fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
      });
    const failed = await issue();
    assert.equal(failed.status, 500);
    assert.equal((await failed.json()).code, 155000);
    const next = await issue();
    assert.equal(next.status, 200);
    assert.match((await next.json()).tenant_access_token, /^t-/);
  });
});
