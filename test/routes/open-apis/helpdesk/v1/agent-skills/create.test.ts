import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

describeEachDatabase('POST /open-apis/helpdesk/v1/agent_skills', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const create = (data: Record<string, unknown>, token = acme.ownerToken) => client().helpdesk.agentSkill.create({ data: data as any }, asUser(token));
  const skills = async () => (await client().helpdesk.agentSkill.list({}, asHelpdesk())).data!.agent_skills!;

  test('Feishu\'s example body creates a skill and answers its id; the skill reads back as given', async () => {
    const res = await create({
      name: '部门技能',
      rules: [{ id: '12', selected_operator: 8, operand: { selected_departments: [{ id: 'od-it', name: 'IT' }] }, category: 3 }],
      agent_ids: [acme.carol],
    });
    assert.equal(res.code, 0);
    const id = res.data!.agent_skill_id!;
    assert.match(id, /^\S+$/);
    const skill = (await client().helpdesk.agentSkill.get({ path: { agent_skill_id: id } }, asHelpdesk())).data!.agent_skill!;
    assert.equal(skill.name, '部门技能');
    assert.equal(skill.is_default, false);
    assert.deepEqual(skill.agent_ids, [acme.carol]);
    assert.deepEqual(skill.rules, [
      { id: '12', selected_operator: 8, operator_options: [7, 8], operand: { selected_departments: [{ id: 'od-it', name: 'IT' }] }, category: 3, display_name: 'Department' },
    ]);
    assert.equal((await skills()).at(-1)!.id, id, 'a new skill comes last in the list');
  });

  test('an admin may create one with only a name', async () => {
    const res = await create({ name: 'Empty' }, acme.adminToken);
    const skill = (await skills()).find((s) => s.id === res.data!.agent_skill_id)!;
    assert.deepEqual(skill, { id: res.data!.agent_skill_id, name: 'Empty', agent_ids: [], is_default: false });
  });

  const refusals: { what: string; data: Record<string, unknown>; fields: string[] }[] = [
    { what: 'no name', data: { agent_ids: [acme.alice] }, fields: ['name'] },
    { what: 'an unknown rule id', data: { name: 'x', rules: [{ id: '4', selected_operator: 5, operand: '{}' }] }, fields: ['rules[0].id'] },
    { what: 'an operator the kind does not offer', data: { name: 'x', rules: [{ id: '3', selected_operator: 7, operand: { cities: ['Beijing'] } }] }, fields: ['rules[0].selected_operator'] },
    { what: 'an empty operand list', data: { name: 'x', rules: [{ id: '3', selected_operator: 5, operand: '{"cities":[]}' }] }, fields: ['rules[0].operand'] },
    { what: 'a user who is not an agent', data: { name: 'x', agent_ids: [acme.alice, acme.bob, acme.owner] }, fields: ['agent_ids[2]'] },
  ];
  for (const r of refusals) {
    test(`${r.what} is 400/154000 naming the field, and no skill appears`, async () => {
      const before = await skills();
      assertBadFields(await sdkFailure(create(r.data)), r.fields);
      assert.deepEqual(await skills(), before);
    });
  }

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.agentSkill.create({ data: { name: 'Sneaky' } }, options), skills);
});
