import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields } from '../write-access.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/agent_skills/:agent_skill_id', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const get = (id: string, app = acme.app) => sdkClient(kefu.baseUrl, app).helpdesk.agentSkill.get({ path: { agent_skill_id: id } }, asHelpdesk());

  test('answers the skill with its rules (named, with their options) and its agents', async () => {
    const res = await get('skill-it');
    assert.equal(res.code, 0);
    assert.deepEqual(res.data!.agent_skill, {
      id: 'skill-it',
      name: 'IT department',
      rules: [
        {
          id: '12',
          selected_operator: 8,
          operator_options: [7, 8],
          // The fixture gave this operand as a JSON string: it is answered as one.
          operand: '{"selected_departments":[{"id":"od-it","name":"IT"}]}',
          category: 3,
          display_name: 'Department',
        },
      ],
      agent_ids: [acme.alice, acme.carol],
      is_default: false,
      agents: [
        { id: acme.alice, avatar_url: `https://avatars.example/${acme.alice}.png`, name: 'Alice Agent' },
        { id: acme.carol, avatar_url: `https://avatars.example/${acme.carol}.png`, name: 'Carol Agent' },
      ],
    });
  });

  test('an operand given as an object is answered as an object; the default skill says so', async () => {
    const japanese = (await get('skill-japanese')).data!.agent_skill!;
    assert.deepEqual(japanese.rules![0].operand, { languages: ['ja_jp'] });
    const general = (await get('skill-default')).data!.agent_skill!;
    assert.equal(general.is_default, true);
    assert.deepEqual(general.rules, []);
  });

  test('a read-only app and a user token may read', async () => {
    assert.equal((await get('skill-it', acme.readonlyApp)).code, 0);
    const asPlain = await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-it' } }, asUser(acme.plainUserToken));
    assert.equal(asPlain.code, 0);
  });

  test('an unknown skill, and another helpdesk\'s, are 400/154000 naming agent_skill_id', async () => {
    assertBadFields(await sdkFailure(get('skill-nope')), ['agent_skill_id']);
    assertBadFields(await sdkFailure(get('globex-default')), ['agent_skill_id']);
    const fromGlobex = await sdkFailure(sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-it' } }, asHelpdesk()));
    assertBadFields(fromGlobex, ['agent_skill_id']);
    assert.doesNotMatch(JSON.stringify(fromGlobex.body), /IT department/);
  });
});
