// Event delivery under a sustained load (docs/benchmarks.md, "Event delivery"): events committed at a steady rate by
// `writers` threads, each with its own connection to the database and each event in its own transaction through
// addEvent as a ticket change commits it; the dispatcher runs in this thread, inside a Kefu app built as kefu serve
// builds it, and is poked after each commit as a server's own commit pokes it. It pushes each event to a webhook
// receiver on a thread of its own, or over the long connection to the official SDK's WSClient in a child process.
// Measures commit-to-receipt latency (the writer's transaction returned -> the receiver read the request, or the
// SDK's handler ran), whether the dispatcher keeps up (every event received, none twice, the largest backlog), and
// the CPU time of the dispatcher's thread per event.
//
//   node bin/run-ts.js bench/events.ts [--db sqlite|postgres] [--channel webhook|long-connection] [--rate 1000]
//     [--seconds 10] [--writers 2 (threads; 0: written in the dispatcher's thread)]
//   (or npm run bench -- --only events [...the same flags])
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import type { Schema } from '../src/db/schema.js';
import { loadFixture } from '../src/fixtures/load-fixture.js';
import { subscriptionOf } from '../src/repositories/event-subscriptions-repository.js';
import { Store } from '../src/services/store.js';
import { root } from './database.js';
import { processCpuMs, startThread, threadCpuMs, wallNow } from './events/threads.js';
import type { ReceiverMessage } from './events/webhook-receiver.js';
import { writeShare } from './events/write-share.js';
import type { Committed, WriterDone, WriterSettings } from './events/writer.js';

// Not strict: run through bench/run.ts, the command line also holds that script's flags (--only events).
const { values: flags } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    channel: { type: 'string', default: 'webhook' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    writers: { type: 'string', default: '2' },
    /** The dispatcher's claim size (its default unless given). */
    batch: { type: 'string' },
  },
  strict: false,
});
const rate = Number(flags.rate);
const total = rate * Number(flags.seconds);
const writerCount = Number(flags.writers);
const longConnection = flags.channel === 'long-connection';
/** Spread over this many tickets: a ticket's next event waits for its previous one's first attempt. */
const TICKETS = 1000;
const APP = { id: 'cli_a000000000000001', secret: 'acme-secret-1' };
const HELPDESK = '6626871355780366330';
const EVENT_TYPE = 'helpdesk.ticket.updated_v1';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/example.json', import.meta.url), 'utf8'));

/** Where the data lives: the writers open the same place (a file, or a PostgreSQL schema of its own). */
async function benchDatabase(): Promise<{ url: string; pgSchema?: string; label: string; dispose(): Promise<void> }> {
  if (flags.db === 'postgres') {
    const url = process.env.KEFU_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
    const pgSchema = 'kefu_bench_events';
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${pgSchema} cascade`);
    await admin.query(`create schema ${pgSchema}`);
    return { url, pgSchema, label: 'PostgreSQL', dispose: async () => void (await admin.query(`drop schema ${pgSchema} cascade`), await admin.end()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-events-'));
  return { url: join(dir, 'kefu.db'), label: 'SQLite', dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

const place = await benchDatabase();
const database = await openDatabase(place.url, { pgSchema: place.pgSchema, backgroundCheckpoints: true });
await loadFixture(new Store(database), fixture, Date.now());
// The app's statements and transactions are counted: a figure this shared machine does not blur.
const counted = { statements: 0, transactions: 0 };
const app = await buildApp({ database: { ...database, db: counting(database.db) }, logger: false, metrics: false, events: flags.batch ? { batch: Number(flags.batch) } : undefined });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const { store, events } = app.kefu;

// Every time below is wallNow(): ms since the epoch with sub-ms resolution, the same clock in every thread and process.
const committedAt = new Float64Array(total).fill(Number.NaN);
const receivedAt = new Float64Array(total).fill(Number.NaN);
let committed = 0;
let received = 0;
let duplicates = 0;
const receive = (receipts: [number, number][]) => {
  for (const [n, at] of receipts) {
    if (Number.isNaN(receivedAt[n])) (receivedAt[n] = at), received++;
    else duplicates++;
  }
};

// The app: a webhook receiver, or a WSClient connected over the long connection.
let stopApp: () => void;
/** The CPU time (ms) of the app's process so far, when it has one of its own. */
let appCpuMs: (() => number) | undefined;
if (longConnection) {
  await subscribe({ mode: 'long_connection', verification_token: 'vt-bench', event_types: [EVENT_TYPE] });
  const child = fork(join(root, 'bin/run-ts.js'), ['bench/events/ws-receiver.ts', baseUrl, APP.id, APP.secret, EVENT_TYPE], { cwd: root });
  await new Promise<void>((resolve) => child.on('message', (m: 'ready' | { receipts: [number, number][] }) => (m === 'ready' ? resolve() : receive(m.receipts))));
  stopApp = () => child.disconnect();
  appCpuMs = () => processCpuMs(child.pid!);
} else {
  const receiver = startThread(new URL('./events/webhook-receiver.ts', import.meta.url), {});
  const url = await new Promise<string>((resolve) => receiver.on('message', (m: ReceiverMessage) => ('url' in m ? resolve(m.url) : receive(m.receipts))));
  await subscribe({ mode: 'webhook', request_url: url, verification_token: 'vt-bench', event_types: [EVENT_TYPE] });
  stopApp = () => void receiver.terminate();
}

async function subscribe(input: Parameters<typeof subscriptionOf>[1]): Promise<void> {
  await store.write(async (repos) => {
    await repos.eventSubscriptions.replace(subscriptionOf(APP.id, input, Date.now()));
    await repos.eventSubscriptions.subscribeHelpdesk(APP.id, HELPDESK, [EVENT_TYPE]);
  });
}

// The writers: started, their connections opened one after another, then told when event 0 falls due. With
// --writers 0, this thread writes on the app's own connection, and each commit pokes the dispatcher itself.
const share = { writers: Math.max(1, writerCount), total, rate, tickets: TICKETS, helpdesk_id: HELPDESK, event_type: EVENT_TYPE };
const writers: Worker[] = [];
for (let index = 0; index < writerCount; index++) {
  const settings: WriterSettings = { ...share, index, database: place.url, pgSchema: place.pgSchema };
  const writer = startThread(new URL('./events/writer.ts', import.meta.url), settings);
  writer.on('error', (error) => {
    console.error(`writer ${index} failed:`, error);
    process.exit(1);
  });
  await new Promise((resolve) => writer.once('message', resolve));
  writers.push(writer);
}
const commit = (n: number, at: number) => {
  committedAt[n] = at;
  committed++;
};
const writing = Promise.all(writers.map((w) => new Promise<number>((resolve) => w.on('message', (m: Committed | WriterDone) => {
  if ('cpuMs' in m) return resolve(m.cpuMs);
  commit(m.n, m.at);
  events.dispatcher.poke();
}))));
const cpuBefore = { thread: threadCpuMs(), process: process.cpuUsage() };
const countedBefore = { ...counted };
const appCpuBefore = appCpuMs?.() ?? 0;
const startAt = wallNow() + 20;
for (const w of writers) w.postMessage(startAt);
if (writerCount === 0) await writeShare(store, { ...share, index: 0 }, startAt, commit);
const writersCpuMs = (await writing).reduce((a, b) => a + b, 0);
const lastCommit = wallNow();
const deadline = lastCommit + 30_000;
while (received < total && wallNow() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
const lastReceipt = Math.max(...receivedAt.filter((t) => !Number.isNaN(t)));
const cpuUsed = process.cpuUsage(cpuBefore.process);
const threadMs = threadCpuMs() - cpuBefore.thread;
const appMs = (appCpuMs?.() ?? 0) - appCpuBefore;
const statements = counted.statements - countedBefore.statements;
const transactions = counted.transactions - countedBefore.transactions;
const perEvent = (ms: number) => (ms / Math.max(1, received)).toFixed(3);
// Pushes that come twice would come within the lease and retry times; wait a little for any stragglers.
await new Promise((resolve) => setTimeout(resolve, 500));

const latencies = [...receivedAt].map((at, n) => at - committedAt[n]).filter((l) => !Number.isNaN(l)).sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1) ?? '-';
const s = (ms: number) => (ms / 1000).toFixed(2);
process.stdout.write(
  `events on ${place.label} over ${longConnection ? 'the long connection' : 'webhooks'}, ${writerCount === 0 ? "written in the dispatcher's thread" : `${writerCount} writer thread${writerCount === 1 ? "" : "s"}`}: ` +
    `${committed} committed in ${s(lastCommit - startAt)} s (${Math.round(committed / ((lastCommit - startAt) / 1000))}/s, asked ${rate}/s), ` +
    `${received} received by ${s(lastReceipt - startAt)} s (${Math.round(received / ((lastReceipt - startAt) / 1000))}/s), ${duplicates} twice; largest backlog ${largestBacklog()}\n` +
    `  commit to receipt: p50 ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms  max ${q(1)} ms\n` +
    `  CPU per event: the dispatcher's thread ${perEvent(threadMs)} ms${writerCount === 0 ? ' (writing included)' : `, the writers' ${perEvent(writersCpuMs)} ms`}, the whole process ${perEvent((cpuUsed.user + cpuUsed.system) / 1000)} ms${appCpuMs ? `, the WSClient's process ${perEvent(appMs)} ms` : ''}\n` +
    `  the app's connection ${writerCount === 0 ? '(writing included)' : "(the dispatcher's alone)"}: ${perEvent(statements)} statements and ${perEvent(transactions)} transactions per event\n` +
    `  machine: ${cpus().length} x ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}\n`,
);
stopApp();
for (const w of writers) await w.terminate();
await app.close();
await database.close();
await place.dispose();

/** The most events committed and not yet received at any moment (counted at each commit, where it peaks). */
function largestBacklog(): number {
  const commits = [...committedAt].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  const receipts = [...receivedAt].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  let most = 0;
  let r = 0;
  commits.forEach((at, i) => {
    while (r < receipts.length && receipts[r] <= at) r++;
    most = Math.max(most, i + 1 - r);
  });
  return most;
}

/** The same query layer, counting the statements it runs and the transactions it opens. */
function counting(db: Kysely<Schema>): Kysely<Schema> {
  const counter = db.withPlugin({ transformQuery: ({ node }) => (counted.statements++, node), transformResult: async ({ result }) => result });
  const transaction = counter.transaction.bind(counter);
  counter.transaction = () => (counted.transactions++, transaction());
  return counter;
}
