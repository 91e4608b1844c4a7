// Concurrency: 200 simultaneous PATCHes of one skill, and 200 simultaneous POST agent_schedules naming overlapping
// agents. No 5xx, nothing like "database is locked" in any answer, and the final state is exactly what one complete
// request asked for: never a mix of two.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { answerProblems } from '../support/answers.js';
import { acmeHelpdeskHeader } from '../support/callers.js';
import { endpoints } from '../support/endpoints.js';
import { Figures } from '../support/figures.js';
import { acme, describeEachDatabase, exampleFixture, startKefu, type RunningKefu } from '../support/kefu.js';
import { rawRequest, type RawAnswer } from '../support/raw-http.js';

const CONCURRENT = 200;
const POOL = 30;
const poolUser = (i: number) => `ou_d${i.toString(16).padStart(31, '0')}`;
const ownerHeaders = (): [string, string][] => [
  ['Content-Type', 'application/json'],
  ['Authorization', `Bearer ${acme.ownerToken}`],
  ['X-Lark-Helpdesk-Authorization', acmeHelpdeskHeader],
];
const lockLeaks = /database is locked|SQLITE_BUSY|deadlock|could not serialize|duplicate key|UNIQUE constraint/i;

function fixtureWithPool() {
  const fixture = structuredClone(exampleFixture) as any;
  const tenant = fixture.tenants.find((t: any) => t.tenant_key === 'acme');
  for (let i = 0; i < POOL; i++) tenant.users.push({ open_id: poolUser(i), name: `Pool User ${i}` });
  return fixture;
}

describeEachDatabase('concurrent writes: each final state is one whole request', (dialect) => {
  let kefu: RunningKefu;
  const figures = new Figures(`concurrency ${dialect}`);
  before(async () => (kefu = await startKefu(dialect, { fixture: fixtureWithPool() })));
  after(async () => {
    figures.print();
    await kefu.close();
  });
  const send = (method: string, target: string, body: unknown) =>
    rawRequest(kefu.baseUrl, { method, target, headers: ownerHeaders(), body: JSON.stringify(body) }, 60_000);
  const get = async (target: string) => (await send('GET', target, {})).json;

  function checkAll(path: string, answers: RawAnswer[]) {
    const e = endpoints.find((x) => x.path === path && x.method !== 'GET')!;
    for (const answer of answers) {
      assert.deepEqual(answerProblems(e, answer), [], answer.text);
      assert.doesNotMatch(answer.text, lockLeaks);
    }
  }

  test(`${CONCURRENT} concurrent PATCHes of one skill: all answered, and the skill equals one of them exactly`, async () => {
    const agents = [acme.alice, acme.bob, acme.carol];
    const languages = ['zh_cn', 'en_us', 'ja_jp'];
    const requests = Array.from({ length: CONCURRENT }, (_, i) => ({
      name: `concurrent ${i}`,
      rules: [{ id: '10', selected_operator: i % 2 === 0 ? 5 : 6, operand: { languages: languages.filter((_, k) => ((i % 7) + 1) & (1 << k)) } }],
      agent_ids: agents.filter((_, k) => ((i + 1) >> k) & 1),
    }));
    const answers = await Promise.all(requests.map((agent_skill) => send('PATCH', '/open-apis/helpdesk/v1/agent_skills/skill-japanese', { agent_skill })));
    checkAll('/open-apis/helpdesk/v1/agent_skills/:agent_skill_id', answers);
    assert.deepEqual(answers.filter((a) => a.json.code !== 0).map((a) => a.text).slice(0, 3), [], 'every PATCH is valid and accepted');
    figures.add('concurrent-patches', answers.length);

    const skill = (await get('/open-apis/helpdesk/v1/agent_skills/skill-japanese')).data.agent_skill;
    const winner = requests.find((r) => r.name === skill.name);
    assert.ok(winner, `the final name ${skill.name} is one of the requests'`);
    assert.deepEqual([...skill.agent_ids].sort(), [...winner.agent_ids].sort(), 'its agents are the same request\'s');
    assert.deepEqual(
      skill.rules.map((r: any) => ({ id: r.id, selected_operator: r.selected_operator, operand: r.operand })),
      winner.rules,
      'its rules are the same request\'s',
    );
  });

  test(`${CONCURRENT} concurrent POST agent_schedules over overlapping agents: each agent is one whole request's, refusals wrote nothing`, async () => {
    const requests = Array.from({ length: CONCURRENT }, (_, i) => {
      const ids = [...new Set([poolUser(i % POOL), poolUser((i * 7 + 3) % POOL), poolUser((i * 13 + 5) % POOL)])];
      const schedule = [{ weekday: 1 + (i % 7), start_time: `${String(i % 12).padStart(2, '0')}:00`, end_time: '23:00' }];
      return { i, ids, schedule, skill: i % 2 === 0 ? 'skill-it' : 'skill-default' };
    });
    const answers = await Promise.all(
      requests.map((r) => send('POST', '/open-apis/helpdesk/v1/agent_schedules', { agent_schedules: r.ids.map((agent_id) => ({ agent_id, schedule: r.schedule, agent_skill_ids: [r.skill] })) })),
    );
    checkAll('/open-apis/helpdesk/v1/agent_schedules', answers);
    const accepted = requests.filter((_, k) => answers[k].json.code === 0);
    for (const [k, answer] of answers.entries()) {
      if (answer.json.code !== 0) assert.equal(answer.status, 400, `request ${k}: ${answer.text}`);
    }
    assert.ok(accepted.length > 0);
    figures.add('concurrent-creates', answers.length);
    figures.add('creates-accepted', accepted.length);
    figures.add('creates-refused', answers.length - accepted.length);

    const owner = new Map<string, (typeof requests)[number]>();
    for (const r of accepted) {
      for (const id of r.ids) {
        assert.ok(!owner.has(id), `${id} was accepted twice (requests ${owner.get(id)?.i} and ${r.i})`);
        owner.set(id, r);
      }
    }
    for (let u = 0; u < POOL; u++) {
      const id = poolUser(u);
      const res = await get(`/open-apis/helpdesk/v1/agents/${id}/schedules`);
      const r = owner.get(id);
      if (!r) {
        assert.equal(res.code, 154000, `${id} is in no accepted request, so it is no agent`);
        continue;
      }
      assert.equal(res.code, 0);
      assert.deepEqual(res.data.agent_schedule.schedule, r.schedule, `${id} has request ${r.i}'s schedule`);
      const skills = res.data.agent_schedule.agent_skills.map((s: any) => s.id).sort();
      assert.deepEqual(skills, [...new Set(['skill-default', r.skill])].sort(), `${id} has request ${r.i}'s skills`);
    }
  });
});
