import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  acme, asHelpdesk, asUser, describeEachDatabase, exampleFixture, globex, sdkClient, sdkFailure, startKefu, type RunningKefu,
} from '../../../../../support/kefu.js';
import { secondProcess, type SecondProcess } from '../../../../../support/second-process.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

type Item = { agent_id?: string; schedule?: { weekday?: number; start_time?: string; end_time?: string }[]; agent_skill_ids?: string[] };

const weekdays = (start = '09:00', end = '18:00') => [{ weekday: 10, start_time: start, end_time: end }];

describeEachDatabase('POST /open-apis/helpdesk/v1/agent_schedules', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const create = (items: Item[], token = acme.ownerToken) =>
    sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedule.create({ data: { agent_schedules: items } }, asUser(token));
  /** Everything a POST could change: every agent (removed ones too) and every skill's members. */
  const world = async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const agents = await client.helpdesk.agentSchedule.list({ params: { status: [1, 2, 3, 4] } }, asHelpdesk());
    const skills = await client.helpdesk.agentSkill.list({}, asHelpdesk());
    return { agents: agents.data!.agent_schedules, skills: skills.data!.agent_skills };
  };
  const agentNamed = async (id: string) => (await world()).agents!.find((a) => a.agent!.id === id);

  test('the owner makes users agents with their schedules and skills, the default skill included', async () => {
    const res = await create([
      { agent_id: acme.plain, schedule: [{ weekday: 3, start_time: '09:00', end_time: '12:00' }, { weekday: 3, start_time: '13:00', end_time: '24:00' }], agent_skill_ids: ['skill-japanese'] },
      { agent_id: acme.guestZhang, schedule: [{ weekday: 11, start_time: '00:00', end_time: '24:00' }] },
    ]);
    assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
    const peter = await agentNamed(acme.plain);
    assert.equal(peter!.status, 1, 'Wednesday 10:00 is inside his first slot');
    assert.deepEqual(peter!.schedule, [
      { start_time: '09:00', end_time: '12:00', weekday: 3 },
      { start_time: '13:00', end_time: '24:00', weekday: 3 },
    ]);
    assert.deepEqual(peter!.agent_skills!.map((s) => s.id), ['skill-default', 'skill-japanese']);
    const zhang = await agentNamed(acme.guestZhang);
    assert.equal(zhang!.status, 3, 'a weekend-only agent is off duty on Wednesday');
    assert.deepEqual(zhang!.agent_skills, [{ id: 'skill-default', name: 'General', is_default: true }]);
    const general = (await world()).skills!.find((s) => s.is_default)!;
    assert.ok(general.agent_ids!.includes(acme.plain) && general.agent_ids!.includes(acme.guestZhang));
  });

  test('an admin may create too', async () => {
    const res = await create([{ agent_id: acme.guestLi, schedule: weekdays() }], acme.adminToken);
    assert.equal(res.code, 0);
    assert.equal((await agentNamed(acme.guestLi))!.status, 1);
  });

  describe('refusals name the item and field, and write nothing', () => {
    const cases: { what: string; items: Item[]; fields: string[] }[] = [
      { what: 'an unknown user', items: [{ agent_id: 'ou_nobody', schedule: weekdays() }], fields: ['agent_schedules[0].agent_id'] },
      { what: 'a user of another tenant', items: [{ agent_id: 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', schedule: weekdays() }], fields: ['agent_schedules[0].agent_id'] },
      { what: 'an agent that already has a schedule', items: [{ agent_id: acme.alice, schedule: weekdays() }], fields: ['agent_schedules[0].agent_id'] },
      { what: 'the same user twice', items: [{ agent_id: acme.owner, schedule: weekdays() }, { agent_id: acme.owner, schedule: weekdays('19:00', '20:00') }], fields: ['agent_schedules[1].agent_id'] },
      { what: 'an unknown skill id', items: [{ agent_id: acme.owner, schedule: weekdays(), agent_skill_ids: ['skill-it', 'skill-nope'] }], fields: ['agent_schedules[0].agent_skill_ids[1]'] },
      { what: 'another helpdesk\'s skill', items: [{ agent_id: acme.owner, schedule: weekdays(), agent_skill_ids: ['globex-default'] }], fields: ['agent_schedules[0].agent_skill_ids[0]'] },
      { what: 'weekday 8', items: [{ agent_id: acme.owner, schedule: weekdays() }, { agent_id: acme.admin, schedule: [{ weekday: 8, start_time: '09:00', end_time: '10:00' }] }], fields: ['agent_schedules[1].schedule[0].weekday'] },
      { what: 'weekday 0 and 12', items: [{ agent_id: acme.owner, schedule: [{ weekday: 0, start_time: '09:00', end_time: '10:00' }, { weekday: 12, start_time: '11:00', end_time: '12:00' }] }], fields: ['agent_schedules[0].schedule[0].weekday', 'agent_schedules[0].schedule[1].weekday'] },
      { what: 'a time past 24:00', items: [{ agent_id: acme.owner, schedule: weekdays('09:00', '24:01') }], fields: ['agent_schedules[0].schedule[0].end_time'] },
      { what: 'a malformed time', items: [{ agent_id: acme.owner, schedule: weekdays('9:00', '18:00') }], fields: ['agent_schedules[0].schedule[0].start_time'] },
      { what: '24:00 as a start', items: [{ agent_id: acme.owner, schedule: weekdays('24:00', '24:00') }], fields: ['agent_schedules[0].schedule[0].start_time'] },
      { what: 'start equal to end', items: [{ agent_id: acme.owner, schedule: weekdays('10:00', '10:00') }], fields: ['agent_schedules[0].schedule[0].end_time'] },
      { what: 'start after end', items: [{ agent_id: acme.owner, schedule: weekdays('22:00', '02:00') }], fields: ['agent_schedules[0].schedule[0].end_time'] },
      {
        what: 'overlapping slots (Monday-Friday against Wednesday)',
        items: [{ agent_id: acme.owner, schedule: [...weekdays('09:00', '12:00'), { weekday: 3, start_time: '11:59', end_time: '13:00' }] }],
        fields: ['agent_schedules[0].schedule[1]'],
      },
      { what: 'a missing schedule', items: [{ agent_id: acme.owner }], fields: ['agent_schedules[0].schedule'] },
      { what: 'a missing agent_id', items: [{ schedule: weekdays() }], fields: ['agent_schedules[0].agent_id'] },
      { what: 'no items at all', items: [], fields: ['agent_schedules'] },
      {
        what: 'several bad items at once, reported in item order',
        items: [
          { agent_id: acme.owner, schedule: weekdays(), agent_skill_ids: ['nope'] },
          { agent_id: acme.alice, schedule: weekdays('10:00', '09:00') },
        ],
        fields: ['agent_schedules[0].agent_skill_ids[0]', 'agent_schedules[1].schedule[0].end_time', 'agent_schedules[1].agent_id'],
      },
    ];
    for (const c of cases) {
      test(c.what, async () => {
        const before = await world();
        assertBadFields(await sdkFailure(create(c.items)), c.fields);
        assert.deepEqual(await world(), before);
      });
    }

    test('a string where a weekday number belongs is refused, not guessed at', async () => {
      const failure = await sdkFailure(create([{ agent_id: acme.owner, schedule: [{ weekday: '9' as any, start_time: '09:00', end_time: '10:00' }] }]));
      assertBadFields(failure, ['agent_schedules[0].schedule[0].weekday']);
    });

    test('the messages say what is wrong', async () => {
      const failure = await sdkFailure(create([{ agent_id: acme.alice, schedule: weekdays() }]));
      assert.match(failure.body.error.field_violations[0].description, /already has a schedule/);
      assert.equal(failure.body.error.field_violations[0].value, acme.alice);
      assert.match(failure.body.msg, /^Bad request, please check your request body/);
    });
  });

  refusesWhoMayNotWrite(
    () => kefu,
    (client, options) => client.helpdesk.agentSchedule.create({ data: { agent_schedules: [{ agent_id: acme.owner, schedule: weekdays() }] } }, options),
    world,
  );

  test('Globex\'s owner cannot schedule an Acme user in Globex\'s helpdesk', async () => {
    const failure = await sdkFailure(
      sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.agentSchedule.create(
        { data: { agent_schedules: [{ agent_id: acme.owner, schedule: weekdays() }] } },
        asUser(globex.ownerToken),
      ),
    );
    assertBadFields(failure, ['agent_schedules[0].agent_id']);
  });
});

describeEachDatabase('POST /open-apis/helpdesk/v1/agent_schedules under concurrency', (dialect) => {
  const USERS = 30;
  const REQUESTS = 200;
  const userId = (n: number) => `ou_c${String(n).padStart(31, '0')}`;
  let kefu: RunningKefu;
  let second: SecondProcess;
  before(async () => {
    const fixture = structuredClone(exampleFixture) as any;
    for (let n = 0; n < USERS; n++) {
      fixture.tenants[0].users.push({ open_id: userId(n), name: `Crowd ${String(n).padStart(2, '0')}` });
      // Half of them are agents already, without a schedule: POST may give them one, exactly once.
      if (n % 2 === 0) fixture.tenants[0].helpdesks[0].agents.push({ id: userId(n), status: 1 });
    }
    kefu = await startKefu(dialect, { fixture });
    second = await secondProcess(kefu);
  });
  after(async () => {
    if (second) assert.equal(await second.close(), 0, 'the second process exits cleanly');
    await kefu.close();
  });

  test(`${REQUESTS} concurrent requests for overlapping agents, to two processes on one database: no 5xx, each refusal a clean 400, each winner whole`, async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const clients = [client, sdkClient(second.baseUrl, acme.app)];
    // Request i schedules two users and marks its slot with its own start minute, so the winner of each user is known.
    const agentsOf = (i: number) => [userId(i % USERS), userId((i * 7 + 3) % USERS)].filter((id, k, all) => all.indexOf(id) === k);
    const startOf = (i: number) => `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const results = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        sdkFailure(
          clients[i % 2].helpdesk.agentSchedule.create(
            { data: { agent_schedules: agentsOf(i).map((agent_id) => ({ agent_id, schedule: [{ weekday: 9, start_time: startOf(i), end_time: '24:00' }], agent_skill_ids: ['skill-it'] })) } },
            asUser(acme.ownerToken),
          ),
        ),
      ),
    );
    const winners: number[] = [];
    results.forEach((r, i) => {
      if (r.status === 200) {
        assert.equal(r.body.code, 0);
        winners.push(i);
        return;
      }
      assert.equal(r.status, 400, `request ${i}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 154000);
      assert.ok(r.body.error.field_violations.every((v: { field: string }) => /^agent_schedules(\[\d\]\.agent_id)?$/.test(v.field)), JSON.stringify(r.body));
    });
    assert.ok(winners.length > 0);

    const list = await client.helpdesk.agentSchedule.list({ params: { status: [1, 2, 3, 4] } }, asHelpdesk());
    const crowd = list.data!.agent_schedules!.filter((a) => a.agent!.id!.startsWith('ou_c'));
    const claimed = new Map<string, number>();
    for (const i of winners) {
      for (const id of agentsOf(i)) {
        assert.ok(!claimed.has(id), `${id} was given to requests ${claimed.get(id)} and ${i}`);
        claimed.set(id, i);
      }
    }
    assert.equal(crowd.length, claimed.size, 'exactly the winners\' agents exist');
    for (const a of crowd) {
      const i = claimed.get(a.agent!.id!)!;
      assert.deepEqual(a.schedule, [{ weekday: 9, start_time: startOf(i), end_time: '24:00' }], 'each agent carries its winner\'s schedule');
      assert.deepEqual(a.agent_skills!.map((s) => s.id), ['skill-default', 'skill-it']);
    }
  });
});
