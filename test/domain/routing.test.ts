import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decideRouting,
  withAssignment,
  type AgentResult,
  type RoutingAgent,
  type RoutingDecision,
  type RoutingSkill,
  type RoutingSnapshot,
  type RoutingSubject,
} from '../../src/domain/routing.js';
import { statusAt } from '../../src/domain/schedule-status.js';
import { skillMatches, type SkillRule } from '../../src/domain/skill-rules.js';

// ---------------------------------------------------------------------------------------------------------------
// The reference: lifecycle.md "Routing" read literally, one step at a time, with whole sorts and no shortcuts.

function referenceDecision(s: RoutingSnapshot): RoutingDecision {
  const subject = {
    open_id: s.subject.user_id,
    city: s.subject.city === '' ? undefined : s.subject.city,
    source: s.subject.source,
    language: s.subject.language === '' ? undefined : s.subject.language,
    department_id: s.subject.department_id === '' ? undefined : s.subject.department_id,
    level: s.subject.level,
    faq_categories: { zh_cn: s.subject.faq_categories, en_us: s.subject.faq_categories, ja_jp: s.subject.faq_categories },
  };
  const agent = (id: string) => s.agents.find((a) => a.open_id === id);
  const why = (id: string): 'ok' | AgentResult => {
    const a = agent(id);
    if (a === undefined) return 'removed';
    const status = statusAt(a.status, a.schedule, s.at_ms, s.time_zone);
    if (status === 4) return 'removed';
    if (status === 2) return 'offline';
    if (status === 3) return 'off_duty';
    if (s.max_open_tickets_per_agent !== 0 && a.open_tickets >= s.max_open_tickets_per_agent) return 'at_cap';
    return 'ok';
  };
  const pickFrom = (ids: string[]): string | undefined => {
    const ready = ids.filter((id) => why(id) === 'ok').map((id) => agent(id)!);
    ready.sort((x, y) => x.open_tickets - y.open_tickets || x.last_assigned_at - y.last_assigned_at || (x.open_id < y.open_id ? -1 : 1));
    return ready[0]?.open_id;
  };

  let considered: string[];
  let picked: string | undefined;
  const skills: RoutingDecision['skills'] = [];
  const appointed = s.appointed_agents !== undefined && s.appointed_agents.length > 0;
  if (appointed) {
    considered = [...s.appointed_agents!];
    picked = pickFrom(considered);
  } else {
    considered = [];
    for (const skill of s.skills.filter((k) => !k.is_default)) {
      const failing = skill.rules.filter((r) => !skillMatches([r], subject));
      if (failing.length === 0) {
        skills.push({ skill_id: skill.id, matched: true });
        considered.push(...skill.agent_ids);
      } else {
        skills.push({ skill_id: skill.id, matched: false, failed_rule_id: Number(failing[0].id) });
      }
    }
    picked = pickFrom(considered);
    const fallback = s.skills.find((k) => k.is_default);
    if (picked === undefined && fallback !== undefined) {
      skills.push({ skill_id: fallback.id, matched: true });
      considered.push(...fallback.agent_ids);
      picked = pickFrom(considered);
    }
  }
  const everyone = [...new Set([...s.agents.map((a) => a.open_id), ...considered])].sort();
  const agents = everyone.map((id) => {
    const w = why(id);
    let result: AgentResult;
    if (w === 'removed') result = 'removed';
    else if (!considered.includes(id)) result = appointed ? 'not_appointed' : 'not_in_skill';
    else if (w === 'ok') result = id === picked ? 'picked' : 'not_picked';
    else result = w;
    return { agent_id: id, result };
  });
  const decision: RoutingDecision = { at_ms: s.at_ms, trigger: s.trigger, subject: s.subject, skills, agents, outcome: picked ? 'assigned' : 'queued' };
  if (picked) decision.agent_id = picked;
  return decision;
}

// ---------------------------------------------------------------------------------------------------------------
// Small worlds, so that ties, caps, empty pools and the fallback all happen often.

const AGENT_IDS = ['ou_a', 'ou_b', 'ou_c', 'ou_d', 'ou_e', 'ou_f'];
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York'];
const CITIES = ['Beijing', 'Shanghai', 'Tokyo'];
const CATEGORIES = ['cat-1', 'cat-2', 'cat-3'];

const schedule = fc.constantFrom(
  null,
  [],
  [{ weekday: 9, start_time: '00:00', end_time: '24:00' }],
  [{ weekday: 10, start_time: '09:00', end_time: '18:00' }],
  [{ weekday: 11, start_time: '00:00', end_time: '12:00' }],
  [{ weekday: 1, start_time: '08:00', end_time: '20:00' }, { weekday: 3, start_time: '00:00', end_time: '24:00' }],
);

const rule: fc.Arbitrary<SkillRule> = fc.oneof(
  fc.record({ id: fc.constant('3'), selected_operator: fc.constantFrom(5, 6), operand: fc.subarray(CITIES, { minLength: 1 }).map((cities) => ({ cities })) }),
  fc.record({ id: fc.constant('9'), selected_operator: fc.constantFrom(5, 6), operand: fc.subarray([0, 1], { minLength: 1 }).map((sources) => JSON.stringify({ sources })) }),
  fc.record({ id: fc.constant('10'), selected_operator: fc.constantFrom(5, 6), operand: fc.subarray(['zh_cn', 'en_us', 'ja_jp'], { minLength: 1 }).map((languages) => ({ languages })) }),
  fc.record({ id: fc.constantFrom('14', '15', '16'), selected_operator: fc.constantFrom(7, 8), operand: fc.subarray(CATEGORIES, { minLength: 1 }).map((c) => ({ categories: c.map((id) => ({ id })) })) }),
  fc.record({ id: fc.constant('17'), selected_operator: fc.constantFrom(2, 3), operand: fc.integer({ min: 0, max: 4 }).map((level) => ({ level })) }),
  fc.record({ id: fc.constant('11'), selected_operator: fc.constantFrom(7, 8), operand: fc.constantFrom({ users: [{ id: 'ou_guest' }] }, { users: [{ id: 'ou_other' }] }) }),
);

const agent = (open_id: string): fc.Arbitrary<RoutingAgent> =>
  fc.record({
    open_id: fc.constant(open_id),
    status: fc.constantFrom(1, 1, 1, 2, 4) as fc.Arbitrary<1 | 2 | 4>,
    schedule,
    open_tickets: fc.integer({ min: 0, max: 3 }),
    last_assigned_at: fc.constantFrom(0, 1_000, 2_000),
  });

const subject: fc.Arbitrary<RoutingSubject> = fc.record({
  city: fc.constantFrom('', ...CITIES),
  language: fc.constantFrom('', 'zh_cn', 'en_us', 'ja_jp'),
  department_id: fc.constantFrom('', 'od-1'),
  level: fc.integer({ min: 0, max: 4 }),
  source: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>,
  faq_categories: fc.subarray(CATEGORIES),
  user_id: fc.constant('ou_guest'),
});

const snapshot: fc.Arbitrary<RoutingSnapshot> = fc
  .subarray(AGENT_IDS)
  .chain((ids) =>
    fc.record({
      at_ms: fc.integer({ min: Date.UTC(2026, 0, 5), max: Date.UTC(2026, 0, 12) }),
      trigger: fc.constantFrom('start_service', 'transfer', 'queue') as fc.Arbitrary<RoutingSnapshot['trigger']>,
      time_zone: fc.constantFrom(...ZONES),
      max_open_tickets_per_agent: fc.constantFrom(0, 1, 2, 3),
      subject,
      agents: fc.tuple(...ids.map(agent)),
      skills: fc.tuple(
        fc.array(
          fc.record({
            rules: fc.array(rule, { maxLength: 3 }),
            // A skill may still name an agent that is gone from the helpdesk.
            agent_ids: fc.subarray([...AGENT_IDS, 'ou_gone']),
          }),
          { maxLength: 4 },
        ),
        fc.boolean(),
        fc.boolean(),
      ),
      appointed: fc.option(fc.subarray([...AGENT_IDS, 'ou_stranger']), { freq: 3 }),
    }),
  )
  .map(({ skills: [own, hasDefault, defaultHoldsAll], appointed, agents, ...rest }) => {
    const list: RoutingSkill[] = own.map((k, i) => ({ id: `skill-${i}`, is_default: false, rules: k.rules, agent_ids: k.agent_ids }));
    if (hasDefault) {
      const members = agents.filter((a) => a.status !== 4 && (defaultHoldsAll || a.open_id < 'ou_d')).map((a) => a.open_id);
      list.splice(Math.min(1, list.length), 0, { id: 'skill-default', is_default: true, rules: [], agent_ids: members });
    }
    return { ...rest, agents, skills: list, ...(appointed === null ? {} : { appointed_agents: appointed }) };
  });

test('decideRouting agrees with the reference on every snapshot', () => {
  fc.assert(
    fc.property(snapshot, (snap) => {
      assert.deepStrictEqual(decideRouting(snap), referenceDecision(snap));
    }),
    { numRuns: 3000 },
  );
});

test('a queue placing ticket after ticket on one snapshot never takes an agent beyond the cap', () => {
  fc.assert(
    fc.property(snapshot, fc.integer({ min: 1, max: 12 }), (start, tickets) => {
      let snap = start;
      const before = new Map(start.agents.map((a) => [a.open_id, a.open_tickets]));
      for (let i = 0; i < tickets; i++) {
        const d = decideRouting({ ...snap, at_ms: start.at_ms + i });
        if (d.outcome === 'queued') break;
        snap = withAssignment(snap, d.agent_id!, start.at_ms + i);
      }
      for (const a of snap.agents) {
        const taken = a.open_tickets - before.get(a.open_id)!;
        if (start.max_open_tickets_per_agent > 0 && taken > 0) assert.ok(a.open_tickets <= start.max_open_tickets_per_agent, `${a.open_id} over the cap`);
      }
    }),
    { numRuns: 1000 },
  );
});

// A few worked examples a reader can check by eye.
const monday10 = Date.UTC(2026, 0, 5, 2); // Monday 10:00 in Shanghai
const allWeek = [{ weekday: 9, start_time: '00:00', end_time: '24:00' }];
const base: RoutingSnapshot = {
  at_ms: monday10,
  trigger: 'start_service',
  time_zone: 'Asia/Shanghai',
  max_open_tickets_per_agent: 2,
  subject: { city: 'Beijing', language: 'zh_cn', department_id: '', level: 1, source: 1, faq_categories: [], user_id: 'ou_guest' },
  agents: [
    { open_id: 'ou_a', status: 1, schedule: allWeek, open_tickets: 1, last_assigned_at: 0 },
    { open_id: 'ou_b', status: 1, schedule: allWeek, open_tickets: 0, last_assigned_at: 5 },
    { open_id: 'ou_c', status: 1, schedule: allWeek, open_tickets: 0, last_assigned_at: 3 },
  ],
  skills: [
    { id: 'default', is_default: true, rules: [], agent_ids: ['ou_a', 'ou_b', 'ou_c'] },
    { id: 'beijing', is_default: false, rules: [{ id: '3', selected_operator: 5, operand: { cities: ['Beijing'] } }], agent_ids: ['ou_a'] },
    { id: 'vip', is_default: false, rules: [{ id: '17', selected_operator: 2, operand: { level: 3 } }], agent_ids: ['ou_b'] },
  ],
};

test('a matching skill with an available agent wins over agents with fewer tickets in the default skill', () => {
  const d = decideRouting(base);
  assert.equal(d.agent_id, 'ou_a');
  assert.deepEqual(d.skills, [{ skill_id: 'beijing', matched: true }, { skill_id: 'vip', matched: false, failed_rule_id: 17 }]);
  assert.deepEqual(d.agents, [
    { agent_id: 'ou_a', result: 'picked' },
    { agent_id: 'ou_b', result: 'not_in_skill' },
    { agent_id: 'ou_c', result: 'not_in_skill' },
  ]);
});

test('when the matching skill has nobody available, the default skill picks fewest tickets, then longest idle', () => {
  const atCap = { ...base, agents: base.agents.map((a) => (a.open_id === 'ou_a' ? { ...a, open_tickets: 2 } : a)) };
  const d = decideRouting(atCap);
  assert.equal(d.outcome, 'assigned');
  assert.equal(d.agent_id, 'ou_c');
  assert.deepEqual(d.skills.at(-1), { skill_id: 'default', matched: true });
  assert.deepEqual(d.agents.map((a) => a.result), ['at_cap', 'not_picked', 'picked']);
});

test('appointed agents replace the skills; nobody of them available queues the ticket', () => {
  const d = decideRouting({ ...base, appointed_agents: ['ou_b'], agents: base.agents.map((a) => (a.open_id === 'ou_b' ? { ...a, status: 2 } : a)) });
  assert.equal(d.outcome, 'queued');
  assert.equal(d.agent_id, undefined);
  assert.deepEqual(d.skills, []);
  assert.deepEqual(d.agents.map((a) => a.result), ['not_appointed', 'offline', 'not_appointed']);
});

test('outside every schedule the agents are off duty and the ticket queues', () => {
  const sunday = Date.UTC(2026, 0, 11, 2);
  const d = decideRouting({ ...base, at_ms: sunday, agents: base.agents.map((a) => ({ ...a, schedule: [{ weekday: 10, start_time: '09:00', end_time: '18:00' }] })) });
  assert.equal(d.outcome, 'queued');
  assert.deepEqual(d.agents.map((a) => a.result), ['off_duty', 'off_duty', 'off_duty']);
});
