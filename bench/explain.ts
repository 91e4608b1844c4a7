// The statements GET /tickets runs for typical filters on the benchmark's million tickets, each with the database's
// plan and its time: the evidence behind docs/tickets.md.
//
//   node bin/run-ts.js bench/explain.ts [--db sqlite|postgres]
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.js';
import type { TicketFilter } from '../src/repositories/tickets-repository.js';
import { Store } from '../src/services/store.js';
import { BENCH_UNTIL, postgresBenchDatabase, sqliteBenchDatabase } from './database.js';
import { bench } from './world.js';

const DAY = 86_400_000;
const { values: flags } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, tickets: { type: 'string', default: '1000000' } } });
const tickets = Number(flags.tickets);
const target =
  flags.db === 'postgres'
    ? await postgresBenchDatabase(process.env.KEFU_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test', tickets)
    : await sqliteBenchDatabase(tickets);
const database = await openDatabase(target.target);
const store = new Store(database);
const h = bench.helpdesk_id;
const agent = `ou_${(100).toString(16).padStart(32, '0')}`;
const month = { from: BENCH_UNTIL - 30 * DAY, to: BENCH_UNTIL - 1 };

const cases: [string, TicketFilter, number, number][] = [
  ['no filter, first page', { helpdesk_id: h }, 0, 20],
  ['no filter, deepest page (50 x 200)', { helpdesk_id: h }, 9800, 200],
  ['status_list 51,52 + a month, page 5 x 50', { helpdesk_id: h, statuses: [51, 52], created: month }, 200, 50],
  ['one rare status, deep page', { helpdesk_id: h, statuses: [1] }, 1000, 50],
  ['channel + score over the year', { helpdesk_id: h, channel: 13, score: 1 }, 0, 50],
  ['guest_name "olivia smi"', { helpdesk_id: h, guest_name: 'olivia smi' }, 0, 20],
  ['guest_name "zhang" (hundreds of guests)', { helpdesk_id: h, guest_name: 'zhang' }, 0, 20],
  ['agent_id + open statuses', { helpdesk_id: h, agent_id: agent, statuses: [2, 3, 4, 5] }, 0, 50],
  ['agent_id + a month', { helpdesk_id: h, agent_id: agent, created: month }, 0, 50],
  ['tags vip', { helpdesk_id: h, tags: ['vip'] }, 0, 50],
  ['tags vip or urgent', { helpdesk_id: h, tags: ['vip', 'urgent'] }, 0, 50],
  ['updated in the last day', { helpdesk_id: h, updated: { from: BENCH_UNTIL - DAY, to: BENCH_UNTIL } }, 0, 50],
  ['closed_by_id', { helpdesk_id: h, closed_by_id: agent }, 0, 50],
];

process.stdout.write(`${target.label}\n`);
for (const [name, filter, offset, limit] of cases) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    total = (await store.repos.tickets.list(filter, offset, limit)).total;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`\n## ${name}: total ${total}, ${times[3].toFixed(2)} ms (median of 7)\n`);
  for (const step of await store.repos.tickets.explainList(filter, offset, limit)) {
    process.stdout.write(`${step.step}:\n${step.plan.map((line) => `  ${line}`).join('\n')}\n`);
  }
}
await database.close();
