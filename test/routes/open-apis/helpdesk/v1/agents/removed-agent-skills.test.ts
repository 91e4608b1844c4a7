// A removed agent (status 4) holds no skill, whichever way it was removed: listed as removed in a fixture, or removed
// through DELETE agents/:agent_id/schedules. Both paths follow one rule (domain/skill-membership.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

describeEachDatabase('skills of removed agents', (dialect) => {
  let kefu: RunningKefu;
  before(async () => {
    // Carol arrives removed, though the fixture still lists her in skill-it; Bob is removed later through the API.
    const fixture = structuredClone(exampleFixture) as any;
    fixture.tenants[0].helpdesks[0].agents.find((a: { id: string }) => a.id === acme.carol).status = 4;
    kefu = await startKefu(dialect, { fixture });
  });
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const skillsOf = async (agent_id: string) => {
    const skills = (await client().helpdesk.agentSkill.list({}, asHelpdesk())).data!.agent_skills!;
    return skills.filter((s) => (s.agent_ids ?? []).includes(agent_id)).map((s) => s.id);
  };

  test('an agent removed by the fixture is in no skill, the default one included', async () => {
    assert.deepEqual(await skillsOf(acme.carol), []);
    assert.deepEqual(await skillsOf(acme.alice), ['skill-default', 'skill-it'], 'agents not removed keep the default skill and their own');
  });

  test('an agent removed through the API ends exactly where a removed fixture agent is', async () => {
    assert.deepEqual(await skillsOf(acme.bob), ['skill-default', 'skill-japanese']);
    assert.equal((await client().helpdesk.agentSchedules.delete({ path: { agent_id: acme.bob } }, asUser(acme.ownerToken))).code, 0);
    assert.deepEqual(await skillsOf(acme.bob), await skillsOf(acme.carol));
    const removed = (await client().helpdesk.agentSchedule.list({ params: { status: [4] } }, asHelpdesk())).data!.agent_schedules!;
    assert.deepEqual(removed.map((a) => [a.agent!.id, a.agent_skills]).sort(), [[acme.bob, []], [acme.carol, []]].sort());
  });
});
