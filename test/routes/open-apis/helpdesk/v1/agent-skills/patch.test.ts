import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { secondProcess, type SecondProcess } from '../../../../../support/second-process.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

type SkillPatch = { name?: string; rules?: any[]; agent_ids?: string[]; agent_skill_id?: string };

const departmentRule = { id: '12', selected_operator: 8, operand: '{"selected_departments":[{"id":"od-it","name":"IT"}]}' };
const levelRule = { id: '17', selected_operator: 2, operand: { level: 3 } };

describeEachDatabase('PATCH /open-apis/helpdesk/v1/agent_skills/:agent_skill_id', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const patch = (id: string, agent_skill: SkillPatch | undefined, token = acme.ownerToken) =>
    client().helpdesk.agentSkill.patch({ path: { agent_skill_id: id }, data: agent_skill === undefined ? {} : { agent_skill } }, asUser(token));
  const skill = async (id: string) => {
    const s = (await client().helpdesk.agentSkill.get({ path: { agent_skill_id: id } }, asHelpdesk())).data!.agent_skill!;
    return { name: s.name, rules: s.rules!.map((r) => ({ id: r.id, selected_operator: r.selected_operator, operand: r.operand })), agent_ids: s.agent_ids };
  };
  const allSkills = async () => (await client().helpdesk.agentSkill.list({}, asHelpdesk())).data!.agent_skills;

  test('the seed\'s own example body works (operand as an object, operator_options echoed)', async () => {
    const res = await patch('skill-it', {
      name: 'skill-name',
      rules: [{ id: '12', selected_operator: 8, operator_options: [7, 8], operand: { selected_departments: [{ id: 'od-it', name: 'IT' }] } }],
      agent_ids: [acme.carol],
    });
    assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
    assert.deepEqual(await skill('skill-it'), {
      name: 'skill-name',
      rules: [{ id: '12', selected_operator: 8, operand: { selected_departments: [{ id: 'od-it', name: 'IT' }] } }],
      agent_ids: [acme.carol],
    });
  });

  test('absent fields stay as they are; the operand comes back in the form it was given', async () => {
    await patch('skill-it', { name: 'IT', rules: [departmentRule, levelRule], agent_ids: [acme.alice, acme.carol] });
    await patch('skill-it', { name: 'IT department' }, acme.adminToken);
    assert.deepEqual(await skill('skill-it'), { name: 'IT department', rules: [departmentRule, levelRule], agent_ids: [acme.alice, acme.carol] });
    await patch('skill-it', { agent_ids: [acme.bob] });
    assert.deepEqual(await skill('skill-it'), { name: 'IT department', rules: [departmentRule, levelRule], agent_ids: [acme.bob] });
    await patch('skill-it', { rules: [departmentRule] });
    assert.deepEqual(await skill('skill-it'), { name: 'IT department', rules: [departmentRule], agent_ids: [acme.bob] });
    await patch('skill-it', undefined);
    await patch('skill-it', { agent_skill_id: 'ignored-the-path-names-the-skill' });
    assert.deepEqual(await skill('skill-it'), { name: 'IT department', rules: [departmentRule], agent_ids: [acme.bob] });
  });

  test('agent_ids replaces the set: duplicates collapse, an empty list empties it', async () => {
    await patch('skill-it', { agent_ids: [acme.carol, acme.alice, acme.carol] });
    assert.deepEqual((await skill('skill-it')).agent_ids, [acme.alice, acme.carol]);
    await patch('skill-it', { agent_ids: [] });
    assert.deepEqual((await skill('skill-it')).agent_ids, []);
  });

  test('the default skill may be renamed, and its members restated but not changed', async () => {
    await patch('skill-default', { name: 'Everyone', agent_ids: [acme.carol, acme.bob, acme.alice], rules: [] });
    assert.equal((await skill('skill-default')).name, 'Everyone');
  });

  describe('refusals name the field and write nothing', () => {
    const cases: { what: string; id?: string; body: SkillPatch; fields: string[] }[] = [
      { what: 'an unknown skill', id: 'skill-nope', body: { name: 'x' }, fields: ['agent_skill_id'] },
      { what: 'another helpdesk\'s skill', id: 'globex-default', body: { name: 'x' }, fields: ['agent_skill_id'] },
      { what: 'an unknown rule id', body: { rules: [levelRule, { id: '99', selected_operator: 5, operand: '{}' }] }, fields: ['agent_skill.rules[1].id'] },
      { what: 'an operator the rule kind does not offer', body: { rules: [{ ...levelRule, selected_operator: 8 }] }, fields: ['agent_skill.rules[0].selected_operator'] },
      { what: 'an operand of the wrong shape', body: { rules: [{ id: '10', selected_operator: 5, operand: { languages: ['fr_fr'] } }] }, fields: ['agent_skill.rules[0].operand'] },
      { what: 'an operand string that is not JSON', body: { rules: [{ ...departmentRule, operand: '{selected_departments' }] }, fields: ['agent_skill.rules[0].operand'] },
      { what: 'a missing operand', body: { rules: [{ id: '17', selected_operator: 2 }] }, fields: ['agent_skill.rules[0].operand'] },
      { what: 'a string operator', body: { rules: [{ ...levelRule, selected_operator: '2' }] }, fields: ['agent_skill.rules[0].selected_operator'] },
      { what: 'a user who is not an agent here', body: { agent_ids: [acme.alice, acme.plain] }, fields: ['agent_skill.agent_ids[1]'] },
      { what: 'another tenant\'s user', body: { agent_ids: ['ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'] }, fields: ['agent_skill.agent_ids[0]'] },
      { what: 'an empty name', body: { name: '' }, fields: ['agent_skill.name'] },
      {
        what: 'a good name with a bad rule and a bad agent: the name is not written either',
        body: { name: 'Half done', rules: [{ ...levelRule, operand: { level: 'high' } }], agent_ids: ['ou_nobody'] },
        fields: ['agent_skill.rules[0].operand', 'agent_skill.agent_ids[0]'],
      },
      { what: 'rules on the default skill', id: 'skill-default', body: { rules: [levelRule] }, fields: ['agent_skill.rules'] },
      { what: 'other members for the default skill', id: 'skill-default', body: { agent_ids: [acme.alice] }, fields: ['agent_skill.agent_ids'] },
    ];
    for (const c of cases) {
      test(c.what, async () => {
        const before = await allSkills();
        const beforeIt = await skill('skill-it');
        assertBadFields(await sdkFailure(patch(c.id ?? 'skill-it', c.body)), c.fields);
        assert.deepEqual(await allSkills(), before);
        assert.deepEqual(await skill('skill-it'), beforeIt);
      });
    }

    test('an unknown skill says so', async () => {
      const failure = await sdkFailure(patch('skill-nope', { name: 'x' }));
      assert.match(failure.body.msg, /agent skill not found/);
      assert.equal(failure.body.error.field_violations[0].value, 'skill-nope');
    });

    test('Globex\'s owner cannot change Acme\'s skill through Globex\'s helpdesk', async () => {
      const failure = await sdkFailure(
        sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-it' }, data: { agent_skill: { name: 'pwned' } } }, asUser(globex.ownerToken)),
      );
      assertBadFields(failure, ['agent_skill_id']);
      assert.notEqual((await skill('skill-it')).name, 'pwned');
    });
  });

  refusesWhoMayNotWrite(
    () => kefu,
    (c, options) => c.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-it' }, data: { agent_skill: { name: 'Renamed', agent_ids: [] } } }, options),
    () => skill('skill-it'),
  );
});

describeEachDatabase('PATCH /open-apis/helpdesk/v1/agent_skills/:agent_skill_id under concurrency', (dialect) => {
  let kefu: RunningKefu;
  let second: SecondProcess;
  before(async () => {
    kefu = await startKefu(dialect);
    second = await secondProcess(kefu);
  });
  after(async () => {
    if (second) assert.equal(await second.close(), 0, 'the second process exits cleanly');
    await kefu.close();
  });

  test('200 concurrent PATCHes, to two processes on one database, leave the skill equal to one whole request, never a mix', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const clients = [client, sdkClient(second.baseUrl, acme.app)];
    const memberSets = [[acme.alice], [acme.bob, acme.carol], [acme.alice, acme.bob, acme.carol], []];
    const request = (i: number) => ({
      name: `Parallel ${i}`,
      rules: [
        { id: '17', selected_operator: i % 2 === 0 ? 2 : 3, operand: JSON.stringify({ level: i }) },
        ...(i % 3 === 0 ? [{ id: '3', selected_operator: 5, operand: { cities: [`City ${i}`] } }] : []),
      ],
      agent_ids: memberSets[i % memberSets.length],
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        sdkFailure(clients[i % 2].helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-japanese' }, data: { agent_skill: request(i) as any } }, asUser(acme.ownerToken))),
      ),
    );
    for (const r of results) assert.deepEqual([r.status, r.body.code], [200, 0], JSON.stringify(r.body));
    const s = (await client.helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-japanese' } }, asHelpdesk())).data!.agent_skill!;
    const i = Number(/^Parallel (\d+)$/.exec(s.name!)?.[1]);
    const expected = request(i);
    assert.deepEqual(s.rules!.map((r) => ({ id: r.id, selected_operator: r.selected_operator, operand: r.operand })), expected.rules);
    assert.deepEqual(s.agent_ids, [...expected.agent_ids].sort());
  });
});
