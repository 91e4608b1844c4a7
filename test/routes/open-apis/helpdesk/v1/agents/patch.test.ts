import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

describeEachDatabase('PATCH /open-apis/helpdesk/v1/agents/:agent_id', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const setStatus = (agent_id: string, status: unknown, token = acme.ownerToken) =>
    client().helpdesk.agent.patch({ path: { agent_id }, data: status === undefined ? {} : { status: status as number } }, asUser(token));
  /** Derived statuses right now (Wednesday 10:00 in Shanghai). */
  const statuses = async () => {
    const res = await client().helpdesk.agentSchedule.list({ params: { status: [1, 2, 3, 4] } }, asHelpdesk());
    return Object.fromEntries(res.data!.agent_schedules!.map((a) => [a.agent!.name, a.status]));
  };

  test('offline by hand wins over the schedule; back online, the schedule decides again', async () => {
    assert.deepEqual(await statuses(), { 'Alice Agent': 1, 'Bob Agent': 2, 'Carol Agent': 3 });
    assert.deepEqual(await setStatus(acme.alice, 2), { code: 0, msg: 'success', data: {} });
    assert.equal((await statuses())['Alice Agent'], 2);
    await setStatus(acme.alice, 1, acme.adminToken);
    assert.equal((await statuses())['Alice Agent'], 1);
    // Bob works every day 00:00-24:00: online at once. Carol works weekends: online by hand, off duty by schedule.
    await setStatus(acme.bob, 1);
    await setStatus(acme.carol, 1);
    assert.deepEqual(await statuses(), { 'Alice Agent': 1, 'Bob Agent': 1, 'Carol Agent': 3 });
    await setStatus(acme.bob, 2);
  });

  test('an absent status changes nothing', async () => {
    const before = await statuses();
    assert.equal((await setStatus(acme.alice, undefined)).code, 0);
    assert.deepEqual(await statuses(), before);
  });

  test('only 1 and 2 may be set: off duty is derived and removal is DELETE', async () => {
    for (const bad of [0, 3, 4, '1', 1.5, null]) {
      const before = await statuses();
      assertBadFields(await sdkFailure(setStatus(acme.alice, bad)), ['status']);
      assert.deepEqual(await statuses(), before);
    }
  });

  test('a user who is not an agent here is 400 naming agent_id', async () => {
    for (const id of [acme.plain, 'ou_nobody', 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']) {
      const failure = await sdkFailure(setStatus(id, 2));
      assertBadFields(failure, ['agent_id']);
      assert.equal(failure.body.error.field_violations[0].value, id);
    }
    const fromGlobex = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agent.patch({ path: { agent_id: acme.alice }, data: { status: 2 } }, asUser(globex.ownerToken));
    assertBadFields(await sdkFailure(fromGlobex), ['agent_id']);
    assert.equal((await statuses())['Alice Agent'], 1);
  });

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.agent.patch({ path: { agent_id: acme.alice }, data: { status: 2 } }, options), statuses);
});
