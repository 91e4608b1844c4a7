import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateRule } from '../../../../../../src/domain/skill-rules.js';
import { acme, asHelpdesk, asUser, describeEachDatabase, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/agent_skill_rules', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const list = (app = acme.app) => sdkClient(kefu.baseUrl, app).helpdesk.agentSkillRule.list({}, asHelpdesk());

  test('lists the rule kinds with names, Feishu categories and operator options', async () => {
    const res = await list();
    assert.equal(res.code, 0);
    const rules = res.data!.rules!;
    assert.deepEqual(
      rules.map((r) => [r.id, r.display_name, r.category, r.operator_options]),
      [
        ['3', 'City', 3, [5, 6]],
        ['9', 'Source', 2, [5, 6]],
        ['10', 'Language', 3, [5, 6]],
        ['11', 'Name/Email', 3, [7, 8]],
        ['12', 'Department', 3, [7, 8]],
        ['14', 'FAQ category (Chinese)', 1, [7, 8]],
        ['15', 'FAQ category (English)', 1, [7, 8]],
        ['16', 'FAQ category (Japanese)', 1, [7, 8]],
        ['17', 'User level', 3, [2, 3]],
      ],
    );
  });

  test('each kind\'s example operand is a JSON string that PATCH agent_skills accepts with each of its operators', async () => {
    for (const r of (await list()).data!.rules!) {
      assert.equal(typeof r.operand, 'string');
      for (const op of r.operator_options!) {
        assert.deepEqual(validateRule({ id: r.id, selected_operator: op, operand: r.operand }, 'rule'), [], `${r.id} / ${op}`);
      }
    }
    // And through the API itself: a skill built from the examples is accepted as is.
    const rules = (await list()).data!.rules!.map((r) => ({ id: r.id!, selected_operator: r.operator_options![0], operand: r.operand! }));
    const created = await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSkill.create({ data: { name: 'Examples', rules } }, asUser(acme.ownerToken));
    assert.equal(created.code, 0);
  });

  test('read-only apps may read; an app without scope may not', async () => {
    assert.equal((await list(acme.readonlyApp)).code, 0);
    assert.equal((await sdkFailure(list(acme.noScopeApp))).body.code, 99991672);
  });
});
