import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

describeEachDatabase('DELETE /open-apis/helpdesk/v1/agent_skills/:agent_skill_id', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const remove = (id: string, token = acme.ownerToken) => client().helpdesk.agentSkill.delete({ path: { agent_skill_id: id } }, asUser(token));
  const skillIds = async () => (await client().helpdesk.agentSkill.list({}, asHelpdesk())).data!.agent_skills!.map((s) => s.id);

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.agentSkill.delete({ path: { agent_skill_id: 'skill-it' } }, options), skillIds);

  test('the owner deletes a skill: gone from the list, from its agents, and from GET', async () => {
    assert.deepEqual(await remove('skill-it'), { code: 0, msg: 'success', data: {} });
    assert.deepEqual(await skillIds(), ['skill-default', 'skill-japanese']);
    const alice = (await client().helpdesk.agentSchedule.list({ params: { status: [1, 2, 3] } }, asHelpdesk())).data!.agent_schedules!.find((a) => a.agent!.id === acme.alice)!;
    assert.deepEqual(alice.agent_skills!.map((s) => s.id), ['skill-default']);
    assertBadFields(await sdkFailure(client().helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-it' } }, asHelpdesk())), ['agent_skill_id']);
  });

  test('an admin deletes one; deleting it again is an unknown skill', async () => {
    assert.equal((await remove('skill-japanese', acme.adminToken)).code, 0);
    const again = await sdkFailure(remove('skill-japanese'));
    assertBadFields(again, ['agent_skill_id']);
    assert.match(again.body.msg, /agent skill not found/);
  });

  test('the default skill cannot be deleted', async () => {
    const failure = await sdkFailure(remove('skill-default'));
    assertBadFields(failure, ['agent_skill_id']);
    assert.match(failure.body.error.field_violations[0].description, /default skill cannot be deleted/);
    assert.deepEqual(await skillIds(), ['skill-default']);
  });

  test('another helpdesk\'s skill cannot be deleted from here, nor this one from there', async () => {
    assertBadFields(await sdkFailure(remove('globex-default')), ['agent_skill_id']);
    const fromGlobex = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSkill.delete({ path: { agent_skill_id: 'skill-default' } }, asUser(globex.ownerToken));
    assertBadFields(await sdkFailure(fromGlobex), ['agent_skill_id']);
    assert.deepEqual(await skillIds(), ['skill-default']);
  });
});
