// The testing API's two costs a suite pays (docs/benchmarks.md, "Testing API"): startKefu (open a fresh database,
// migrate, load the fixture, template it, listen) and reset() after a test's writes, on a fixture of 50 agents and
// 1,000 tickets. Targets: start under 1 s, reset under 50 ms on SQLite.
//
//   node bin/run-ts.js bench/testkit.ts [--rounds N] [--db sqlite|postgres]   (or npm run bench -- --only testkit)
// With a compiled build (npm run build) it also times a whole new process that imports dist/index.js and starts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateTickets } from '../src/fixtures/ticket-generator.js';
import { startKefu, world } from '../src/index.js';

// Not strict: run through bench/run.ts, the command line also holds that script's flags (--only testkit).
const { values: flags } = parseArgs({ options: { rounds: { type: 'string', default: '30' }, db: { type: 'string', default: 'sqlite' } }, strict: false });
const rounds = Number(flags.rounds ?? 30);
const database = flags.db === 'postgres' ? (process.env.KEFU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test') : 'sqlite';
const NOW = Date.parse('2026-11-25T02:00:00Z');

const hex = (n: number) => n.toString(16).padStart(31, '0');
const agents = Array.from({ length: 50 }, (_, i) => `ou_a${hex(i)}`);
const guests = Array.from({ length: 200 }, (_, i) => `ou_g${hex(i)}`);
const builder = world().helpdesk();
for (const id of agents) builder.agent(id);
for (const id of guests) builder.guest(id);
for (const ticket of generateTickets({ seed: 17, count: 1000, guests, agents, until: NOW })) builder.ticket(ticket);
const fixture = builder.build();

const ms = (x: number) => `${x.toFixed(1)} ms`;
/** Wall time and this process's CPU time of one call: on a shared, loaded machine CPU is the honest figure. */
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}
function summary(label: string, samples: { wall: number; cpu: number }[] | number[]): void {
  const walls = samples.map((s) => (typeof s === 'number' ? s : s.wall)).sort((a, b) => a - b);
  const p = (q: number) => walls[Math.min(walls.length - 1, Math.floor(q * walls.length))];
  const cpus = samples.flatMap((s) => (typeof s === 'number' ? [] : [s.cpu])).sort((a, b) => a - b);
  const cpu = cpus.length ? `  cpu p50 ${ms(cpus[Math.floor(cpus.length / 2)]).padStart(9)}` : '';
  console.log(`${label.padEnd(28)} n ${String(walls.length).padStart(3)}  p50 ${ms(p(0.5)).padStart(9)}  p95 ${ms(p(0.95)).padStart(9)}  max ${ms(walls.at(-1)!).padStart(9)}${cpu}`);
}

console.log(`testkit on ${flags.db === 'postgres' ? 'postgres' : 'sqlite'}: 50 agents, 200 guests, 1,000 tickets`);
// The first start also pays for loading Kefu's modules; it is reported alone.
const starts: { wall: number; cpu: number }[] = [];
for (let i = 0; i < Math.max(3, Math.min(rounds, 10)) + 1; i++) {
  let started: Awaited<ReturnType<typeof startKefu>> | undefined;
  starts.push(await timed(async () => (started = await startKefu({ fixture, now: NOW, database }))));
  await started!.close();
}
console.log(`startKefu, first in the process   ${ms(starts[0].wall)} (cpu ${ms(starts[0].cpu)})`);
summary('startKefu, later', starts.slice(1));

const kefu = await startKefu({ fixture, now: NOW, database });
const resets: { wall: number; cpu: number }[] = [];
for (let i = 0; i < rounds; i++) {
  // A test's worth of writes: a guest asks for an agent, writes, an agent replies, the guest closes.
  const guest = kefu.guest(guests[i % guests.length]);
  await guest.startService({ humanService: true });
  await guest.say('My VPN is down');
  await guest.close(3);
  resets.push(await timed(() => kefu.reset()));
}
summary('reset() after a ticket life', resets);
await kefu.close();

const built = new URL('../dist/index.js', import.meta.url);
if (database === 'sqlite' && existsSync(built)) {
  // A new process: Node starting, the compiled package imported, startKefu, close.
  const script = `const t=performance.now();const {startKefu}=await import(${JSON.stringify(built.href)});const k=await startKefu({now:${NOW}});await k.close();console.log(performance.now()-t)`;
  const processes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const inside = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
    processes.push(performance.now() - t);
    if (i === 0) console.log(`(import + start + close inside the first process: ${ms(inside)})`);
  }
  summary('new process, default world', processes);
}
