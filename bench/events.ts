// Event delivery under a sustained load (docs/benchmarks.md, "Event delivery"): events committed at a steady rate,
// each in its own transaction as a ticket change commits it, pushed by the dispatcher to a local webhook receiver.
// Measures commit-to-receipt latency (commit returned -> the receiver read the request) and whether the dispatcher
// keeps up (every event received, the backlog at the end).
//
//   node bin/run-ts.js bench/events.ts [--db sqlite|postgres] [--rate 1000] [--seconds 10]
//   (or npm run bench -- --only events [--db postgres] [--rate N] [--seconds N])
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { eventServices } from '../src/app.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { addEvent } from '../src/events/outbox.js';
import { loadFixture } from '../src/fixtures/load-fixture.js';
import { systemClock } from '../src/platform/clock.js';
import { subscriptionOf } from '../src/repositories/event-subscriptions-repository.js';
import { Store } from '../src/services/store.js';

// Not strict: run through bench/run.ts, the command line also holds that script's flags (--only events).
const { values: flags } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '10' } }, strict: false });
const rate = Number(flags.rate);
const seconds = Number(flags.seconds);
/** Spread over this many tickets: a ticket's next event waits for its previous one's first attempt. */
const TICKETS = 1000;
const TICK_MS = 10;
const APP = 'cli_a000000000000001';
const HELPDESK = '6626871355780366330';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/example.json', import.meta.url), 'utf8'));

async function openBenchDatabase(): Promise<{ database: Database; label: string; dispose(): Promise<void> }> {
  if (flags.db === 'postgres') {
    const url = process.env.KEFU_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = 'kefu_bench_events';
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
    const database = await openDatabase(url, { pgSchema: schema });
    return {
      database,
      label: 'PostgreSQL',
      async dispose() {
        await database.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-events-'));
  const database = await openDatabase(join(dir, 'kefu.db'));
  return { database, label: 'SQLite', dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const { database, label, dispose } = await openBenchDatabase();
const store = new Store(database);
await loadFixture(store, fixture, Date.now());

// The receiver: answers 200 at once and notes when each event's request arrived (the payload carries its number).
const received = new Map<number, number>();
let duplicates = 0;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const n = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: { bench_n: number } }).event.bench_n;
    if (received.has(n)) duplicates++;
    else received.set(n, at);
    res.end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
await store.write(async (repos) => {
  await repos.eventSubscriptions.replace(subscriptionOf(APP, { mode: 'webhook', request_url: url, verification_token: 'vt-bench', event_types: ['helpdesk.ticket.updated_v1'] }, Date.now()));
  await repos.eventSubscriptions.subscribeHelpdesk(APP, HELPDESK, ['helpdesk.ticket.updated_v1']);
});
const events = eventServices(store, systemClock);
await events.dispatcher.resume();

// The writer: every 10 ms, the events due by then, each in its own transaction, one after another.
const committed: number[] = [];
const total = rate * seconds;
const started = performance.now();
let backlogMax = 0;
while (committed.length < total) {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
  while (committed.length < due) {
    const n = committed.length;
    await store.write((repos) =>
      addEvent(repos, {
        event_type: 'helpdesk.ticket.updated_v1', tenant_key: 'acme', helpdesk_id: HELPDESK, ticket_id: `7${String(n % TICKETS).padStart(18, '0')}`,
        create_time: Date.now(), event: { bench_n: n, object: { status: 2 } },
      }),
    );
    committed.push(performance.now());
    // A server commits each change in its own request: let the event loop run between them (SQLite's calls are
    // synchronous, so awaiting them alone would never let the dispatcher's requests out).
    await new Promise((resolve) => setImmediate(resolve));
  }
  backlogMax = Math.max(backlogMax, committed.length - received.size);
  await new Promise((resolve) => setTimeout(resolve, TICK_MS));
}
const writing = (performance.now() - started) / 1000;
const deadline = performance.now() + 30_000;
while (received.size < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
const draining = (performance.now() - started) / 1000;

const latencies = [...received].map(([n, at]) => at - committed[n]).sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1) ?? '-';
process.stdout.write(
  `events on ${label}: ${total} committed in ${writing.toFixed(1)} s (${Math.round(total / writing)}/s asked ${rate}/s), ` +
    `${received.size} received by ${draining.toFixed(1)} s, ${duplicates} twice; largest backlog ${backlogMax}\n` +
    `  commit to receipt: p50 ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms  max ${q(1)} ms\n` +
    `  machine: ${cpus().length} x ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}\n`,
);
await events.dispatcher.close();
receiver.close();
await dispose();
