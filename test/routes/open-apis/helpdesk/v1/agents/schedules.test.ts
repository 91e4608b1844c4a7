import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

type Slot = { weekday: number; start_time: string; end_time: string };

describeEachDatabase('GET, PATCH and DELETE /open-apis/helpdesk/v1/agents/:agent_id/schedules', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const get = (agent_id: string) => client().helpdesk.agentSchedules.get({ path: { agent_id } }, asHelpdesk());
  const current = async (agent_id: string) => (await get(agent_id)).data!.agent_schedule!;
  const patch = (agent_id: string, agent_schedule: { schedule?: Slot[]; agent_skill_ids?: string[] } | undefined, token = acme.ownerToken) =>
    client().helpdesk.agentSchedules.patch({ path: { agent_id }, data: agent_schedule === undefined ? {} : { agent_schedule } }, asUser(token));
  const remove = (agent_id: string, token = acme.ownerToken) => client().helpdesk.agentSchedules.delete({ path: { agent_id } }, asUser(token));
  const everything = async () => ({
    agents: (await client().helpdesk.agentSchedule.list({ params: { status: [1, 2, 3, 4] } }, asHelpdesk())).data!.agent_schedules,
    skills: (await client().helpdesk.agentSkill.list({}, asHelpdesk())).data!.agent_skills,
  });

  describe('GET', () => {
    test('answers one agent as the list does', async () => {
      const res = await get(acme.bob);
      assert.equal(res.code, 0);
      assert.deepEqual(res.data!.agent_schedule, {
        status: 2,
        agent: {
          id: acme.bob,
          avatar_url: `https://avatars.example/${acme.bob}.png`,
          name: 'Bob Agent',
          email: 'bob.agent@acme.example',
          department: 'Support',
          company_name: 'Acme',
        },
        schedule: [{ start_time: '00:00', end_time: '24:00', weekday: 9 }],
        agent_skills: [
          { id: 'skill-default', name: 'General', is_default: true },
          { id: 'skill-japanese', name: 'Japanese', is_default: false },
        ],
      });
    });

    test('a user who is not an agent, or another helpdesk\'s agent, is 400 naming agent_id', async () => {
      assertBadFields(await sdkFailure(get(acme.plain)), ['agent_id']);
      const fromGlobex = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSchedules.get({ path: { agent_id: acme.bob } }, asHelpdesk());
      assertBadFields(await sdkFailure(fromGlobex), ['agent_id']);
    });
  });

  describe('PATCH', () => {
    test('a present schedule replaces the old one and the derived status follows; absent skills stay', async () => {
      assert.equal((await current(acme.alice)).status, 1);
      const res = await patch(acme.alice, { schedule: [{ weekday: 3, start_time: '08:00', end_time: '10:00' }, { weekday: 4, start_time: '10:00', end_time: '12:00' }] });
      assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
      const alice = await current(acme.alice);
      assert.equal(alice.status, 3, 'Wednesday 10:00 is where her Wednesday slot ends');
      assert.deepEqual(alice.schedule, [
        { start_time: '08:00', end_time: '10:00', weekday: 3 },
        { start_time: '10:00', end_time: '12:00', weekday: 4 },
      ]);
      assert.deepEqual(alice.agent_skills!.map((s) => s.id), ['skill-default', 'skill-it']);
      kefu.clock.advance(24 * 3600_000);
      assert.equal((await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedules.get({ path: { agent_id: acme.alice } }, asHelpdesk())).data!.agent_schedule!.status, 1, 'Thursday 10:00 is inside');
      kefu.clock.advance(-24 * 3600_000);
    });

    test('present agent_skill_ids replace the skills; the default one always stays', async () => {
      await patch(acme.alice, { agent_skill_ids: ['skill-japanese'] }, acme.adminToken);
      assert.deepEqual((await current(acme.alice)).agent_skills!.map((s) => s.id), ['skill-default', 'skill-japanese']);
      await patch(acme.alice, { agent_skill_ids: [] });
      const alice = await current(acme.alice);
      assert.deepEqual(alice.agent_skills!.map((s) => s.id), ['skill-default']);
      assert.equal(alice.schedule!.length, 2, 'the schedule stayed');
      const skills = (await everything()).skills!;
      assert.ok(!skills.find((s) => s.id === 'skill-it')!.agent_ids!.includes(acme.alice));
      assert.ok(skills.find((s) => s.id === 'skill-default')!.agent_ids!.includes(acme.alice));
    });

    const refusals: { what: string; agent?: string; body: { schedule?: Slot[]; agent_skill_ids?: string[] }; fields: string[] }[] = [
      { what: 'an overlapping slot', body: { schedule: [{ weekday: 9, start_time: '09:00', end_time: '12:00' }, { weekday: 6, start_time: '11:00', end_time: '13:00' }] }, fields: ['agent_schedule.schedule[1]'] },
      { what: 'an end before the start', body: { schedule: [{ weekday: 1, start_time: '12:00', end_time: '11:00' }] }, fields: ['agent_schedule.schedule[0].end_time'] },
      { what: 'weekday 8', body: { schedule: [{ weekday: 8, start_time: '09:00', end_time: '11:00' }] }, fields: ['agent_schedule.schedule[0].weekday'] },
      { what: 'an unknown skill', body: { schedule: [{ weekday: 1, start_time: '09:00', end_time: '11:00' }], agent_skill_ids: ['skill-it', 'globex-default'] }, fields: ['agent_schedule.agent_skill_ids[1]'] },
      { what: 'a user who is not an agent', agent: acme.plain, body: { schedule: [{ weekday: 1, start_time: '09:00', end_time: '11:00' }] }, fields: ['agent_id'] },
    ];
    for (const r of refusals) {
      test(`${r.what} is 400/154000 naming the field, and nothing is written`, async () => {
        const before = await everything();
        assertBadFields(await sdkFailure(patch(r.agent ?? acme.bob, r.body)), r.fields);
        assert.deepEqual(await everything(), before);
      });
    }

    refusesWhoMayNotWrite(
      () => kefu,
      (c, options) => c.helpdesk.agentSchedules.patch({ path: { agent_id: acme.bob }, data: { agent_schedule: { schedule: [], agent_skill_ids: [] } } }, options),
      everything,
    );
  });

  describe('DELETE', () => {
    refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.agentSchedules.delete({ path: { agent_id: acme.carol } }, options), everything);

    test('removes the agent: status 4, shown only when asked for, out of every skill, history kept', async () => {
      assert.deepEqual(await remove(acme.carol), { code: 0, msg: 'success', data: {} });
      const carol = await current(acme.carol);
      assert.equal(carol.status, 4);
      assert.deepEqual(carol.schedule, [{ start_time: '10:00', end_time: '16:00', weekday: 11 }], 'her last schedule is kept');
      assert.deepEqual(carol.agent_skills, []);
      const { agents, skills } = await everything();
      assert.deepEqual(agents!.filter((a) => a.status === 4).map((a) => a.agent!.id), [acme.carol]);
      const active = (await client().helpdesk.agentSchedule.list({ params: { status: [1, 2, 3] } }, asHelpdesk())).data!.agent_schedules!;
      assert.ok(!active.some((a) => a.agent!.id === acme.carol));
      for (const s of skills!) assert.ok(!s.agent_ids!.includes(acme.carol), `${s.id} no longer lists her`);
    });

    test('a removed agent cannot be changed, nor given a skill; removing her again changes nothing', async () => {
      const before = await everything();
      assertBadFields(await sdkFailure(client().helpdesk.agent.patch({ path: { agent_id: acme.carol }, data: { status: 1 } }, asUser(acme.ownerToken))), ['agent_id']);
      assertBadFields(await sdkFailure(patch(acme.carol, { agent_skill_ids: ['skill-it'] })), ['agent_id']);
      const skillPatch = client().helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-it' }, data: { agent_skill: { agent_ids: [acme.carol] } } }, asUser(acme.ownerToken));
      assertBadFields(await sdkFailure(skillPatch), ['agent_skill.agent_ids[0]']);
      assert.equal((await remove(acme.carol, acme.adminToken)).code, 0);
      assert.deepEqual(await everything(), before);
    });

    test('POST agent_schedules brings a removed agent back with a new schedule and skills', async () => {
      const res = await client().helpdesk.agentSchedule.create(
        { data: { agent_schedules: [{ agent_id: acme.carol, schedule: [{ weekday: 3, start_time: '10:00', end_time: '11:00' }], agent_skill_ids: ['skill-japanese'] }] } },
        asUser(acme.ownerToken),
      );
      assert.equal(res.code, 0);
      const carol = await current(acme.carol);
      assert.equal(carol.status, 1);
      assert.deepEqual(carol.agent_skills!.map((s) => s.id), ['skill-default', 'skill-japanese']);
    });

    test('a user who never was an agent is 400 naming agent_id', async () => {
      assertBadFields(await sdkFailure(remove(acme.plain)), ['agent_id']);
    });
  });
});
