import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { openDatabase } from '../../../../../../src/db/connect.js';
import { Store } from '../../../../../../src/services/store.js';
import {
  acme,
  asUser,
  describeEachDatabase,
  globex,
  helpdeskHeader,
  sdkClient,
  sdkFailure,
  startKefu,
  type RunningKefu,
} from '../../../../../support/kefu.js';
import { rawRequest, type RawHeader } from '../../../../../support/raw-http.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/agent_skills', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  test('the SDK lists the skills of the fixture helpdesk, as seed 000 shapes them', async () => {
    const res = await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    assert.equal(res.code, 0);
    assert.equal(res.msg, 'success');
    const skills = res.data!.agent_skills!;
    assert.deepEqual(
      skills.map((s) => s.id),
      ['skill-default', 'skill-japanese', 'skill-it'],
    );
    const japanese = skills.find((s) => s.id === 'skill-japanese')!;
    assert.deepEqual(japanese, { id: 'skill-japanese', name: 'Japanese', agent_ids: [acme.bob], is_default: false });
    const general = skills.find((s) => s.is_default)!;
    assert.deepEqual([...general.agent_ids!].sort(), [acme.alice, acme.bob, acme.carol].sort());
  });

  test('a read-only app and a user token may read', async () => {
    const ro = await sdkClient(kefu.baseUrl, acme.readonlyApp).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    assert.equal(ro.code, 0);
    const asOwner = await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSkill.list({}, asUser(acme.ownerToken));
    assert.equal(asOwner.code, 0);
    assert.equal(asOwner.data!.agent_skills!.length, 3);
  });

  test('never shows another tenant\'s skills', async () => {
    const res = await sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    assert.deepEqual(res.data!.agent_skills!.map((s) => s.id), ['globex-default']);
  });

  test('without the helpdesk options the SDK sends undefined:undefined, answered 401/154001', async () => {
    const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.app, null).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential()));
    assert.equal(failure.status, 401);
    assert.equal(failure.body.code, 154001);
    assert.deepEqual(failure.body.data, {});
  });

  test('a wrong helpdesk token, and another tenant\'s helpdesk, are 401/154001', async () => {
    for (const helpdesk of [{ ...acme.helpdesk, helpDeskToken: 'wrong' }, globex.helpdesk, { helpDeskId: '1', helpDeskToken: 'x' }]) {
      const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.app, helpdesk).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential()));
      assert.equal(failure.status, 401, JSON.stringify(helpdesk));
      assert.equal(failure.body.code, 154001);
      assert.doesNotMatch(JSON.stringify(failure.body), /Globex|globex-default/);
    }
  });

  test('an app without a helpdesk scope gets 99991672 naming the scopes', async () => {
    const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.noScopeApp).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential()));
    assert.equal(failure.status, 400);
    assert.equal(failure.body.code, 99991672);
    assert.match(failure.body.msg, /helpdesk:all:readonly/);
  });

  // The list is answered from memory while the database is unchanged: every kind of change must show at once.
  test('a skill changed through the API shows in the very next list', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const names = async () => (await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential())).data!.agent_skills!.map((s) => s.name);
    assert.ok((await names()).includes('Japanese'));
    const patched = await client.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-japanese' }, data: { agent_skill: { name: 'Nihongo' } } }, asUser(acme.ownerToken));
    assert.equal(patched.code, 0);
    assert.deepEqual((await names()).filter((n) => n === 'Japanese' || n === 'Nihongo'), ['Nihongo']);
    const created = await client.helpdesk.agentSkill.create({ data: { name: 'Korean', agent_ids: [acme.alice] } }, asUser(acme.ownerToken));
    assert.ok((await names()).includes('Korean'));
    await client.helpdesk.agentSkill.delete({ path: { agent_skill_id: created.data!.agent_skill_id! } }, asUser(acme.ownerToken));
    assert.ok(!(await names()).includes('Korean'));
  });

  test('a change another connection commits (a second process, the CLI) shows in the very next list', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const list = async () => (await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential())).data!.agent_skills!;
    const before = await list();
    const other = await openDatabase(kefu.db.url);
    try {
      await new Store(other).write((repos) => repos.skills.update('skill-it', { name: 'IT support, renamed elsewhere' }));
      assert.equal((await list()).find((s) => s.id === 'skill-it')!.name, 'IT support, renamed elsewhere');
      await new Store(other).write((repos) => repos.skills.replaceAgents('skill-it', []));
      assert.deepEqual((await list()).find((s) => s.id === 'skill-it')!.agent_ids ?? [], []);
    } finally {
      await other.close();
    }
    assert.equal((await list()).length, before.length);
  });

  describe_raw();

  function describe_raw() {
    const url = () => `${kefu.baseUrl}/open-apis/helpdesk/v1/agent_skills`;
    const tenantToken = async () => {
      const res = await fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
      });
      return (await res.json()).tenant_access_token as string;
    };

    test('the helpdesk header works with and without "Bearer " (Node and Go SDKs)', async () => {
      const token = await tenantToken();
      for (const bearer of [true, false]) {
        const res = await fetch(url(), { headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken, bearer) } });
        assert.equal(res.status, 200);
        assert.equal((await res.json()).data.agent_skills.length, 3);
      }
    });

    // fetch refuses a body on GET, so the request goes on a bare socket, byte for byte as the Node SDK sends it.
    test('a GET with a JSON body {} is served and the body ignored (the Node SDK sends one)', async () => {
      const token = await tenantToken();
      const { pathname } = new URL(url());
      const headers: RawHeader[] = [
        ['Authorization', `Bearer ${token}`],
        ['X-Lark-Helpdesk-Authorization', helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken)],
        ['Content-Type', 'application/json'],
      ];
      for (const body of ['{}', '{"page_size":1,"agent_skill_id":"nope"}', 'not json']) {
        const res = await rawRequest(kefu.baseUrl, { method: 'GET', target: pathname, headers, body });
        assert.equal(res.status, 200, body);
        assert.equal(res.json.code, 0, body);
        assert.equal(res.json.data.agent_skills.length, 3, body);
      }
    });

    test('no token, a forged token and a missing helpdesk header answer their documented codes', async () => {
      const header = { 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
      const cases: [Record<string, string>, number, number][] = [
        [header, 400, 99991661],
        [{ ...header, authorization: 'Bearer t-forged0000000000000000000000' }, 400, 99991663],
        [{ ...header, authorization: 'Bearer u-forged0000000000000000000000' }, 400, 99991668],
        [{ ...header, authorization: `Bearer ${acme.ownerExpiredToken}` }, 400, 99991668],
        [{ authorization: `Bearer ${await tenantToken()}` }, 401, 154001],
        [{ authorization: `Bearer ${await tenantToken()}`, 'x-lark-helpdesk-authorization': 'Bearer !!!notbase64' }, 401, 154001],
      ];
      for (const [headers, status, code] of cases) {
        const res = await fetch(url(), { headers });
        assert.equal(res.status, status, JSON.stringify(headers));
        const body = await res.json();
        assert.equal(body.code, code, JSON.stringify(headers));
        assert.deepEqual(body.data, {});
        assert.equal(body.error.log_id, res.headers.get('x-tt-logid'));
      }
    });

    test('an unknown path answers the envelope, not an HTML page', async () => {
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/nope`);
      assert.equal(res.status, 404);
      const body = await res.json();
      assert.equal(body.code, 154000);
      assert.ok(res.headers.get('x-tt-logid'));
    });
  }
});
