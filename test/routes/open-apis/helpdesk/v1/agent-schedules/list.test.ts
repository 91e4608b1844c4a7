import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  acme, asHelpdesk, asUser, DEFAULT_NOW, describeEachDatabase, globex, helpdeskHeader, sdkClient, sdkFailure, startKefu, type RunningKefu,
} from '../../../../../support/kefu.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describeEachDatabase('GET /open-apis/helpdesk/v1/agent_schedules', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  /** A fresh client each time: moving the clock expires tenant tokens the SDK would otherwise keep using. */
  const list = (status: number[]) => sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedule.list({ params: { status } }, asHelpdesk());
  const statusOf = async (at: number) => {
    kefu.clock.set(at);
    const res = await list([1, 2, 3]);
    return Object.fromEntries(res.data!.agent_schedules!.map((a) => [a.agent!.name, a.status]));
  };

  test('answers every agent in the set with agent info, schedule and skills, as seed 002 shapes them', async () => {
    const res = await list([1, 2, 3]);
    assert.equal(res.code, 0);
    const schedules = res.data!.agent_schedules!;
    assert.deepEqual(schedules.map((s) => s.agent!.name), ['Alice Agent', 'Bob Agent', 'Carol Agent'], 'ordered by name');
    const alice = schedules[0];
    assert.deepEqual(alice, {
      status: 1,
      agent: {
        id: acme.alice,
        avatar_url: `https://avatars.example/${acme.alice}.png`,
        name: 'Alice Agent',
        email: 'alice.agent@acme.example',
        department: 'Support',
        company_name: 'Acme',
      },
      schedule: [{ start_time: '09:00', end_time: '18:00', weekday: 10 }],
      agent_skills: [
        { id: 'skill-default', name: 'General', is_default: true },
        { id: 'skill-it', name: 'IT department', is_default: false },
      ],
    });
  });

  test('status is derived now, in the helpdesk time zone: Wednesday 10:00 in Shanghai', async () => {
    // Alice works weekdays 09-18 and is online; Bob set himself offline; Carol works weekends 10-16.
    assert.deepEqual(await statusOf(DEFAULT_NOW), { 'Alice Agent': 1, 'Bob Agent': 2, 'Carol Agent': 3 });
    const only = async (status: number[]) => (await list(status)).data!.agent_schedules!.map((a) => a.agent!.name);
    assert.deepEqual(await only([1]), ['Alice Agent']);
    assert.deepEqual(await only([2]), ['Bob Agent']);
    assert.deepEqual(await only([3]), ['Carol Agent']);
    assert.deepEqual(await only([3, 1]), ['Alice Agent', 'Carol Agent']);
    assert.deepEqual(await only([4]), [], 'no removed agents in the fixture');
  });

  test('moving the clock moves the derived status; start inclusive, end exclusive', async () => {
    const wednesday0900 = DEFAULT_NOW - HOUR;
    assert.equal((await statusOf(wednesday0900))['Alice Agent'], 1, '09:00 is inside 09:00-18:00');
    assert.equal((await statusOf(wednesday0900 - 1))['Alice Agent'], 3, '08:59:59.999 is not');
    assert.equal((await statusOf(DEFAULT_NOW + 8 * HOUR - 1))['Alice Agent'], 1, '17:59:59.999 is inside');
    assert.equal((await statusOf(DEFAULT_NOW + 8 * HOUR))['Alice Agent'], 3, '18:00 is not');
    const saturday1000 = DEFAULT_NOW + 3 * DAY;
    assert.deepEqual(await statusOf(saturday1000), { 'Alice Agent': 3, 'Bob Agent': 2, 'Carol Agent': 1 });
    assert.equal((await statusOf(saturday1000 + 6 * HOUR))['Carol Agent'], 3, 'Saturday 16:00 ends her slot');
    kefu.clock.set(DEFAULT_NOW);
  });

  test('the same instant in another time zone is another local time (Globex is in New York)', async () => {
    // Globex has no agents in the fixture; give it one through the API, working weekdays 09-17 New York time.
    const globexOwner = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk);
    const gina = 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const created = await globexOwner.helpdesk.agentSchedule.create(
      { data: { agent_schedules: [{ agent_id: gina, schedule: [{ weekday: 10, start_time: '09:00', end_time: '17:00' }] }] } },
      asUser(globex.ownerToken),
    );
    assert.equal(created.code, 0);
    const ginaStatus = async (at: number) => {
      kefu.clock.set(at);
      const res = await sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSchedule.list({ params: { status: [1, 3] } }, asHelpdesk());
      return res.data!.agent_schedules!.map((a) => [a.agent!.id, a.status]);
    };
    // Wednesday 10:00 in Shanghai is Tuesday 21:00 in New York: off duty there.
    assert.deepEqual(await ginaStatus(DEFAULT_NOW), [[gina, 3]]);
    // Wednesday 10:00 in New York (EST, UTC-5) is 15:00 UTC.
    assert.deepEqual(await ginaStatus(Date.parse('2026-11-25T15:00:00Z')), [[gina, 1]]);
    kefu.clock.set(DEFAULT_NOW);
    const acmeNames = (await list([1, 2, 3, 4])).data!.agent_schedules!.map((a) => a.agent!.id);
    assert.ok(!acmeNames.includes(gina), 'another helpdesk\'s agent never shows');
  });

  test('status is required and each value must be 1-4', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const missing = await sdkFailure(client.helpdesk.agentSchedule.list({ params: { status: [] } }, asHelpdesk()));
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 154000);
    assert.equal(missing.body.error.field_violations[0].field, 'status');
    for (const bad of [[0], [5], [1, 9]]) {
      const failure = await sdkFailure(client.helpdesk.agentSchedule.list({ params: { status: bad } }, asHelpdesk()));
      assert.equal(failure.status, 400, JSON.stringify(bad));
      assert.match(failure.body.error.field_violations[0].field, /^status\[\d\]$/);
    }
  });

  test('raw query forms: repeated keys, brackets, and a non-number', async () => {
    const token = (await (await fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
    })).json()).tenant_access_token;
    const get = (query: string) =>
      fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_schedules?${query}`, {
        headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) },
      });
    for (const query of ['status=1&status=2', 'status%5B%5D=1&status%5B%5D=2']) {
      const body = await (await get(query)).json();
      assert.deepEqual(body.data.agent_schedules.map((a: any) => a.status), [1, 2], query);
    }
    const bad = await get('status=online');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.field_violations[0].field, 'status[0]');
  });

  test('read-only apps and user tokens may read; an app without scope may not', async () => {
    const ro = await sdkClient(kefu.baseUrl, acme.readonlyApp).helpdesk.agentSchedule.list({ params: { status: [1] } }, asHelpdesk());
    assert.equal(ro.code, 0);
    const user = await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedule.list({ params: { status: [1] } }, asUser(acme.plainUserToken));
    assert.equal(user.code, 0);
    const none = await sdkFailure(sdkClient(kefu.baseUrl, acme.noScopeApp).helpdesk.agentSchedule.list({ params: { status: [1] } }, asHelpdesk()));
    assert.equal(none.body.code, 99991672);
  });
});
