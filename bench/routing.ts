// The routing decision with 500 agents and 50 skills (docs/benchmarks.md, "Routing"):
//   pure      decideRouting on a snapshot in memory (what every decision computes);
//   service   RoutingService.decide in a SQLite transaction: the snapshot read, the decision, its record.
//
//   node bin/run-ts.js bench/routing.ts [--decisions N]     (or npm run bench -- --only routing)
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.js';
import { decideRouting, type RoutingAgent, type RoutingSkill, type RoutingSnapshot, type RoutingSubject } from '../src/domain/routing.js';
import type { SkillRule } from '../src/domain/skill-rules.js';
import { loadFixture } from '../src/fixtures/load-fixture.js';
import { Random } from '../src/fixtures/random.js';
import { RoutingService } from '../src/services/routing-service.js';
import { Store } from '../src/services/store.js';
import { manualClock } from '../src/platform/clock.js';

const AGENTS = 500;
const SKILLS = 50;
const GUESTS = 200;
const HELPDESK = '7100000000000000001';
/** Wednesday 2026-11-25 10:00 in Shanghai: most agents are on duty. */
const NOW = Date.parse('2026-11-25T02:00:00Z');

// Not strict: run through bench/run.ts, the command line also holds that script's flags (--only routing).
const { values: flags } = parseArgs({ options: { decisions: { type: 'string', default: '3000' } }, strict: false });
const decisions = Number(flags.decisions ?? 3000);

const rng = new Random(7);
const CITIES = ['Beijing', 'Shanghai', 'Shenzhen', 'Hangzhou', 'Tokyo', 'Osaka', 'Singapore', 'London'];
const LANGUAGES = ['zh_cn', 'en_us', 'ja_jp'];
const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');
const agentId = (i: number) => `ou_a${hex(i, 31)}`;
const guestId = (i: number) => `ou_b${hex(i, 31)}`;
const pick = <T>(xs: readonly T[]) => rng.pick(xs);

function rule(): SkillRule {
  switch (Math.floor(rng.next() * 5)) {
    case 0: return { id: '3', selected_operator: 5, operand: { cities: [pick(CITIES), pick(CITIES)] } };
    case 1: return { id: '10', selected_operator: 5, operand: { languages: [pick(LANGUAGES)] } };
    case 2: return { id: '17', selected_operator: 2, operand: { level: Math.floor(rng.next() * 5) } };
    case 3: return { id: '12', selected_operator: 8, operand: JSON.stringify({ selected_departments: [{ id: `od-${Math.floor(rng.next() * 10)}` }] }) };
    default: return { id: '9', selected_operator: 5, operand: { sources: [Math.floor(rng.next() * 2)] } };
  }
}

const schedules = [
  [{ weekday: 10, start_time: '09:00', end_time: '18:00' }],
  [{ weekday: 9, start_time: '00:00', end_time: '24:00' }],
  [{ weekday: 10, start_time: '08:00', end_time: '12:00' }, { weekday: 10, start_time: '13:00', end_time: '17:00' }],
  [{ weekday: 11, start_time: '10:00', end_time: '16:00' }],
];

const agents: RoutingAgent[] = Array.from({ length: AGENTS }, (_, i) => ({
  open_id: agentId(i),
  status: rng.next() < 0.85 ? 1 : 2,
  schedule: pick(schedules),
  open_tickets: Math.floor(rng.next() * 6),
  last_assigned_at: NOW - Math.floor(rng.next() * 3_600_000),
}));
const skills: RoutingSkill[] = [
  { id: 'skill-default', is_default: true, rules: [], agent_ids: agents.map((a) => a.open_id) },
  ...Array.from({ length: SKILLS }, (_, k) => ({
    id: `skill-${k}`,
    is_default: false,
    rules: Array.from({ length: 1 + Math.floor(rng.next() * 3) }, rule),
    agent_ids: agents.filter(() => rng.next() < 0.08).map((a) => a.open_id),
  })),
];
const subjects: RoutingSubject[] = Array.from({ length: GUESTS }, (_, i) => ({
  city: pick(CITIES),
  language: pick(LANGUAGES),
  department_id: `od-${Math.floor(rng.next() * 10)}`,
  level: Math.floor(rng.next() * 5),
  source: rng.next() < 0.5 ? 1 : 0,
  faq_categories: [],
  user_id: guestId(i),
}));

function summary(label: string, samples: number[]): void {
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(`${label.padEnd(10)} ${samples.length} decisions: mean ${us(mean)}, p50 ${us(p(0.5))}, p99 ${us(p(0.99))}, max ${us(samples.at(-1)!)}`);
}

// Pure: the decision alone.
const base: Omit<RoutingSnapshot, 'subject'> = { at_ms: NOW, trigger: 'start_service', time_zone: 'Asia/Shanghai', max_open_tickets_per_agent: 5, skills, agents };
for (let i = 0; i < 300; i++) decideRouting({ ...base, subject: subjects[i % GUESTS] }); // warm-up
const pure: number[] = [];
let assigned = 0;
const cpu0 = process.cpuUsage();
for (let i = 0; i < decisions; i++) {
  const t0 = performance.now();
  const d = decideRouting({ ...base, subject: subjects[i % GUESTS] });
  pure.push(performance.now() - t0);
  if (d.outcome === 'assigned') assigned++;
}
const cpu = process.cpuUsage(cpu0);
console.log(`${AGENTS} agents, ${SKILLS} skills (+ the default), cap 5; ${assigned} of ${decisions} assigned`);
summary('pure', pure);
// CPU time is what the decision costs; wall time also counts the waits of a busy machine.
console.log(`pure       CPU time per decision: ${((cpu.user + cpu.system) / decisions).toFixed(0)} µs`);

// Service: the same world in SQLite, each decision in its own transaction, as start_service makes it.
const database = await openDatabase(':memory:');
const store = new Store(database);
const fixture = {
  tenants: [
    {
      tenant_key: 'bench-routing',
      name: 'Bench routing',
      apps: [{ app_id: 'cli_f000000000000001', app_secret: 'bench-routing-secret', scopes: ['helpdesk:all'] }],
      users: [
        ...agents.map((a, i) => ({ open_id: a.open_id, name: `Agent ${i}`, email: `agent${i}@bench.example`, city: pick(CITIES), language: pick(LANGUAGES) })),
        ...subjects.map((s, i) => ({ open_id: s.user_id, name: `Guest ${i}`, email: `guest${i}@bench.example`, city: s.city, language: s.language, department_id: s.department_id, level: s.level })),
      ],
      helpdesks: [
        {
          helpdesk_id: HELPDESK,
          helpdesk_token: 'bench-routing-token',
          name: 'Bench routing',
          time_zone: 'Asia/Shanghai',
          owner: agents[0].open_id,
          skills: skills.map((k) => ({ id: k.id, name: k.id, is_default: k.is_default, rules: k.rules, agent_ids: k.agent_ids })),
          agents: agents.map((a) => ({ id: a.open_id, status: a.status, schedule: a.schedule })),
        },
      ],
    },
  ],
};
await loadFixture(store, fixture, NOW);
const routing = new RoutingService(store, manualClock(NOW));
const service: number[] = [];
let serviceCpu = { user: 0, system: 0 };
for (let i = 0; i < Math.min(decisions, 2000) + 100; i++) {
  const subject = subjects[i % GUESTS];
  const ticket = { ticket_id: `bench-${i}`, helpdesk_id: HELPDESK, guest_id: subject.user_id, channel: subject.source === 1 ? 9 : 0 };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await store.write((repos) => routing.decide(repos, ticket, 'start_service', NOW));
  if (i < 100) continue;
  service.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  serviceCpu = { user: serviceCpu.user + c.user, system: serviceCpu.system + c.system };
}
summary('service', service);
console.log(`service    CPU time per decision: ${((serviceCpu.user + serviceCpu.system) / service.length).toFixed(0)} µs`);
await database.close();
