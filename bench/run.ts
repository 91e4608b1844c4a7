// npm run bench: Kefu on a million tickets against a bare node:http server sending the same bytes, both pinned to
// one core while autocannon drives them from the other. Prints requests/s, p50 and p99 per scenario and the ratio to
// the bare server, Kefu's memory after the run, and errors.
//
//   npm run bench -- [--db sqlite|postgres] [--duration S] [--rounds N] [--connections N] [--tickets N] [--only name,...]
//   (the GET scenarios below, then the writes of bench/writes.ts: "PATCH agent_skills", "POST agent_schedules")
//   npm run bench -- --only lifecycle [--lives N] [--concurrency N]   (whole ticket lives over HTTP: bench/lifecycle.ts)
//   npm run bench -- --only routing [--decisions N]   (a routing decision with 500 agents and 50 skills: bench/routing.ts)
//   npm run bench -- --only testkit [--rounds N]      (startKefu and reset() with 50 agents, 1,000 tickets: bench/testkit.ts)
//   npm run bench -- --only events [--rate N] [--seconds N] [--writers N] [--channel webhook|long-connection]
//                                   (commit-to-receipt of event deliveries: bench/events.ts)
//
// --db postgres uses KEFU_BENCH_PG (default postgres://postgres@127.0.0.1:5432/test), a schema of its own.
import autocannon, { type Result } from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLifecycle } from './lifecycle.js';
import { driveWrites, sentOf, failures, ownerHeaders, restoreWrites, writeScenarios } from './writes.js';
import { bench } from './world.js';
import { BENCH_UNTIL, cachePath, ensureDir, postgresBenchDatabase, root, sqliteBenchDatabase, type BenchDatabase } from './database.js';

const DAY = 86_400_000;

interface Scenario {
  name: string;
  path: string;
  /** The least Kefu's requests/s may be, as a share of the bare server's; none for the figures shown for context. */
  target?: number;
  /**
   * The path of Kefu's n-th request when each must differ (the bare server keeps answering `path`'s bytes): a
   * query no answer in memory matches, so that the figure is the database's and the serialiser's, not the cache's.
   */
  vary?: (n: number) => string;
  /** Connections for this scenario, when not --connections: the uncached ones are measured at 32. */
  connections?: number;
  /** The most Kefu's p99 latency may be, in ms. */
  p99Target?: number;
  /**
   * Before each of Kefu's rounds (and its warm-up), this many requests that never repeat (the n-th asks `vary(n)`):
   * the cached answer must still be in memory afterwards, so the ratio should match the scenario without them.
   */
  burst?: { requests: number; vary: (n: number) => string };
}

const filteredList = (end: number) =>
  `/open-apis/helpdesk/v1/tickets?status_list=51&status_list=52&create_time_start=${BENCH_UNTIL - 30 * DAY}&create_time_end=${end}&page=5&page_size=50`;
const guestName = (needle: string) => `/open-apis/helpdesk/v1/tickets?guest_name=${encodeURIComponent(needle)}`;

const uncachedFiltered = (n: number) => filteredList(BENCH_UNTIL - 1 - (n % 1_000_000));
const uncachedGuestName = (n: number) => `${guestName('olivia smi')}&create_time_start=0&create_time_end=${BENCH_UNTIL - (n % 1_000_000)}`;

const scenarios: Scenario[] = [
  { name: 'agent_skills', path: '/open-apis/helpdesk/v1/agent_skills', target: 0.6 },
  { name: 'filtered list', path: filteredList(BENCH_UNTIL - 1), target: 0.2 },
  { name: 'guest_name search', path: guestName('olivia smi'), target: 0.1 },
  { name: 'deepest page', path: '/open-apis/helpdesk/v1/tickets?page=50&page_size=200', target: 0.05 },
  // The same lists with every request a new query (a time range ending a millisecond earlier each time), from 32
  // connections: what a sync paging through history or a dashboard changing its filters costs (issue 16).
  { name: 'filtered, uncached', path: filteredList(BENCH_UNTIL - 1), vary: uncachedFiltered, connections: 32, target: 0.2, p99Target: 50 },
  { name: 'guest_name, uncached', path: guestName('olivia smi'), vary: uncachedGuestName, connections: 32, target: 0.1, p99Target: 50 },
  // The cached filtered list again, with 1,000 queries that never repeat sent before each of Kefu's rounds: they
  // must not push the polled answer out of memory (the read cache's admission).
  { name: 'filtered, after bursts', path: filteredList(BENCH_UNTIL - 1), target: 0.2, burst: { requests: 1000, vary: uncachedFiltered } },
];

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    tickets: { type: 'string', default: '1000000' },
    only: { type: 'string' },
    lives: { type: 'string', default: '640' },
    concurrency: { type: 'string', default: '32' },
    decisions: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    // bench/events.ts reads these itself.
    writers: { type: 'string' },
    channel: { type: 'string' },
    batch: { type: 'string' },
  },
});
// The routing benchmark times a decision, not HTTP: bench/routing.ts runs on its own and prints its figures.
if (flags.only === 'events-long-connection') await (await import('./events-long-connection.js')).main([]).then(() => process.exit(0));
if (flags.only === 'routing') {
  await import('./routing.js');
  process.exit(0);
}
// So does the testing API's benchmark: startKefu and reset() in this process.
if (flags.only === 'testkit') {
  await import('./testkit.js');
  process.exit(0);
}
// So does the event-delivery benchmark: it times commit to receipt, with no bare server to compare.
if (flags.only === 'events') {
  await import('./events.js');
  process.exit(0);
}
const duration = Number(flags.duration);
const connections = Number(flags.connections);
const rounds = Number(flags.rounds);
// Names are separated by a comma without a space after it: "filtered, uncached" is one name.
const only = flags.only?.split(/,(?! )/);
const chosen = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
const chosenWrites = only ? writeScenarios.filter((s) => only.includes(s.name)) : writeScenarios;
/** Connections of the write scenarios: many writers at once, as the issue asks. */
const WRITE_CONNECTIONS = 32;

/** Whole ticket lives against Kefu alone (there is no bare server to compare a conversation with). */
async function lifecycleMain(cached: BenchDatabase): Promise<void> {
  // Lives write tickets: on SQLite they run on a copy, so the cached database stays as the GET benchmarks expect it.
  const database = cached.target.endsWith('.db') ? { ...cached, target: cachePath('lifecycle-scratch.db') } : cached;
  if (database !== cached) copyFileSync(cached.target, database.target);
  const port = await freePort();
  const kefu = spawnPinned(['bin/kefu.js', 'serve', '--db', database.target, '--port', String(port), '--rate-limit', 'off', '--log-level', 'warn']);
  try {
    await waitUntilServing(`http://127.0.0.1:${port}/healthz`, kefu);
    const report = await runLifecycle(`http://127.0.0.1:${port}`, database.target, {
      lives: Number(flags.lives),
      concurrency: Number(flags.concurrency),
      serverCpuMs: () => cpuTimeOf(kefu.pid!),
    });
    process.stdout.write(
      `lifecycle on ${cached.label}: ${report.lives} lives, ${report.concurrency} at a time, ${report.seconds.toFixed(1)} s: ` +
        `${report.livesPerSecond.toFixed(1)} lives/s, ${Math.round(report.requestsPerSecond)} req/s, ${report.errors} errors, ` +
        `server CPU ${report.serverCpuMsPerRequest.toFixed(2)} ms/req\n`,
    );
    for (const s of report.steps) process.stdout.write(`  ${s.step.padEnd(16)} p50 ${String(s.p50).padStart(4)} ms  p99 ${String(s.p99).padStart(4)} ms\n`);
    const file = join(root, 'bench', 'results', `lifecycle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    ensureDir(file);
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), database: cached.label, machine: `${cpus().length} x ${cpus()[0]?.model}, node ${process.version}`, ...report }, null, 2)}\n`);
    process.stdout.write(`saved ${file.slice(root.length)}\n`);
  } finally {
    kefu.kill('SIGTERM');
  }
}

/** Servers on core 0, this process (the load generator) on core 1, when the machine has two. */
const pinned = cpus().length >= 2 && hasTaskset();
function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Node flags for the servers, from KEFU_BENCH_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=bench/results`). */
const serverNodeFlags = (process.env.KEFU_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

function spawnPinned(args: string[]): ChildProcess {
  const node = [...serverNodeFlags, ...args];
  const [command, rest] = pinned ? ['taskset', ['-c', '0', process.execPath, ...node]] : [process.execPath, node];
  return spawn(command, rest, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within a minute`);
}

async function tenantToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: bench.app_id, app_secret: bench.app_secret }),
  });
  return ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's own CPU time per request, in ms: what other work on the machine cannot inflate much. */
  cpuMs: number;
}

/** user + system CPU time of a process, in ms (Linux clock ticks are 10 ms). */
function cpuTimeOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Target {
  url: string;
  pid: number;
  connections: number;
  /** Varies each request's path (see Scenario.vary). */
  vary?: (n: number) => string;
  burst?: Scenario['burst'];
}

/** Requests a target has been sent by drive(): a varied scenario's next round goes on from there, never repeating a query. */
const driven = new Map<Target, number>();

function drive(t: Target, seconds: number, headers: Record<string, string>): Promise<Result> {
  if (!t.vary) return autocannon({ url: t.url, connections: t.connections, duration: seconds, headers });
  const vary = t.vary;
  const path = () => {
    const n = driven.get(t) ?? 0;
    driven.set(t, n + 1);
    return vary(n);
  };
  return autocannon({ url: t.url, connections: t.connections, duration: seconds, headers, requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }] });
}

/** Sends a scenario's burst of queries that never repeat (each burst new ones), all at 32 connections. */
let burstsSent = 0;
async function sendBurst(t: Target, headers: Record<string, string>): Promise<void> {
  const { requests, vary } = t.burst!;
  let n = burstsSent++ * requests;
  await autocannon({ url: t.url, connections: 32, amount: requests, headers, requests: [{ setupRequest: (req) => ({ ...req, path: vary(n++) }) }] });
}

/** Answers Kefu had to load rather than find in its read cache, since start (GET /metrics). */
async function cacheMisses(t: Target): Promise<number> {
  return (await readCacheCounts(new URL(t.url).origin)).misses;
}

/**
 * Drives the bare server and Kefu in turns (after a warm-up of each): `rounds` rounds of duration/rounds seconds
 * each, so that whatever else the machine does in those seconds falls on both alike. Requests/s is the total over
 * the rounds; latencies are those of the median round.
 */
async function compare(bare: Target, kefu: Target, headers: Record<string, string>): Promise<{ bare: Measure; kefu: Measure; roundRatios: number[]; missesMeasured?: number }> {
  for (const t of [bare, kefu]) {
    if (t.burst) await sendBurst(t, headers);
    await drive(t, Number(flags.warmup), headers);
  }
  const runs: { bare: Result[]; kefu: Result[] } = { bare: [], kefu: [] };
  const cpu = { bare: 0, kefu: 0 };
  let missesMeasured = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [name, t] of [['bare', bare], ['kefu', kefu]] as const) {
      if (t.burst) await sendBurst(t, headers);
      const misses = t.burst ? await cacheMisses(t) : 0;
      const before = cpuTimeOf(t.pid);
      runs[name].push(await drive(t, duration / rounds, headers));
      cpu[name] += cpuTimeOf(t.pid) - before;
      if (t.burst) missesMeasured += (await cacheMisses(t)) - misses;
    }
  }
  const summary = (results: Result[], cpuMs: number): Measure => {
    const total = results.reduce((n, r) => n + r.requests.total, 0);
    const median = [...results].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(results.length / 2)];
    return { rps: total / duration, p50: median.latency.p50, p99: median.latency.p99, errors: results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0), cpuMs: cpuMs / Math.max(1, total) };
  };
  const roundRatios = runs.kefu.map((r, i) => r.requests.total / Math.max(1, runs.bare[i].requests.total));
  return { bare: summary(runs.bare, cpu.bare), kefu: summary(runs.kefu, cpu.kefu), roundRatios, missesMeasured: kefu.burst ? missesMeasured : undefined };
}

interface WriteRow extends Measure {
  scenario: string;
}

/**
 * The write scenarios, Kefu alone: a warm-up, then --duration seconds at 32 connections each. On SQLite they run
 * against a second server on a copy of the cached database, so that the GET scenarios' data stays as it was; on
 * PostgreSQL against the same server, putting back the skills' names and the agents' schedules afterwards.
 */
async function measureWrites(database: BenchDatabase, readUrl: string, readPid: number): Promise<WriteRow[]> {
  const sqlite = database.target.endsWith('.db');
  const target = sqlite ? cachePath('writes-scratch.db') : database.target;
  if (sqlite) copyFileSync(database.target, target);
  const port = sqlite ? await freePort() : 0;
  const server = sqlite ? spawnPinned(['bin/kefu.js', 'serve', '--db', target, '--port', String(port), '--rate-limit', 'off', '--log-level', 'warn']) : undefined;
  const url = sqlite ? `http://127.0.0.1:${port}` : readUrl;
  const pid = server ? server.pid! : readPid;
  try {
    if (server) await waitUntilServing(`${url}/healthz`, server);
    const headers = await ownerHeaders(target);
    const rows: WriteRow[] = [];
    for (const s of chosenWrites) {
      const warmup = await driveWrites(url, s, { seconds: Number(flags.warmup) }, WRITE_CONNECTIONS, headers);
      // A scenario with a limited supply of different requests sends at most what is left of it (less what the
      // connections may have in flight), so that no request repeats one already answered: a count, not a time,
      // since the server runs faster after the warm-up than during it. About --duration seconds at the warm-up's rate.
      const rate = warmup.requests.total / Number(flags.warmup);
      const amount = s.supply === undefined ? undefined : Math.max(1, Math.min(s.supply - sentOf(s) - 2 * WRITE_CONNECTIONS, Math.ceil(rate * duration)));
      const failed = failures;
      const before = cpuTimeOf(pid);
      const started = performance.now();
      const result = await driveWrites(url, s, amount === undefined ? { seconds: duration } : { amount }, WRITE_CONNECTIONS, headers);
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = (cpuTimeOf(pid) - before) / Math.max(1, result.requests.total);
      const errors = result.errors + result.timeouts + result.non2xx + failures - failed;
      rows.push({ scenario: s.name, rps: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, errors, cpuMs });
      process.stdout.write(`${s.name}: ${Math.round(result.requests.total / seconds)} req/s over ${seconds.toFixed(1)} s, p99 ${result.latency.p99} ms, ${errors} errors\n`);
      if (!sqlite) await restoreWrites(url, s, headers);
    }
    return rows;
  } finally {
    server?.kill('SIGTERM');
  }
}

/**
 * Kefu's read-cache counters (GET /metrics). On PostgreSQL any write committed on the server, other databases' too,
 * turns the next read of each answer into a miss: on a shared machine this says how much of that there was.
 */
async function readCacheCounts(kefuUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${kefuUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { hits: value('kefu_read_cache_hits_total'), misses: value('kefu_read_cache_misses_total') };
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  if (pinned) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const tickets = Number(flags.tickets);
  const database: BenchDatabase =
    flags.db === 'postgres'
      ? await postgresBenchDatabase(process.env.KEFU_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test', tickets)
      : await sqliteBenchDatabase(tickets);
  if (flags.only === 'lifecycle') return lifecycleMain(database);

  const kefuPort = await freePort();
  const kefu = spawnPinned(['bin/kefu.js', 'serve', '--db', database.target, '--port', String(kefuPort), '--rate-limit', 'off', '--log-level', 'warn']);
  const kefuUrl = `http://127.0.0.1:${kefuPort}`;
  let bare: ChildProcess | undefined;
  try {
    await waitUntilServing(`${kefuUrl}/healthz`, kefu);
    const helpdesk = Buffer.from(`${bench.helpdesk_id}:${bench.helpdesk_token}`).toString('base64');
    const headers = { authorization: `Bearer ${await tenantToken(kefuUrl)}`, 'x-lark-helpdesk-authorization': `Bearer ${helpdesk}` };

    // The bare server answers each scenario with the very body Kefu answers.
    const bodies: Record<string, string> = {};
    for (const s of chosen) {
      const res = await fetch(kefuUrl + s.path, { headers });
      const text = await res.text();
      if (res.status !== 200 || JSON.parse(text).code !== 0) throw new Error(`${s.name}: Kefu answered ${res.status} ${text.slice(0, 300)}`);
      bodies[s.path] = text;
    }
    const bodiesFile = cachePath('bare-bodies.json');
    ensureDir(bodiesFile);
    writeFileSync(bodiesFile, JSON.stringify(bodies));
    const barePort = await freePort();
    bare = spawnPinned(['bench/bare-server.mjs', bodiesFile, String(barePort)]);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitUntilServing(`${bareUrl}/`, bare);

    const loadBefore = loadavg()[0];
    const rows = [];
    for (const s of chosen) {
      const n = s.connections ?? connections;
      const cacheBefore = await readCacheCounts(kefuUrl);
      const { bare: bareResult, kefu: kefuResult, roundRatios, missesMeasured } = await compare(
        { url: bareUrl + s.path, pid: bare.pid!, connections: n },
        { url: kefuUrl + s.path, pid: kefu.pid!, connections: n, vary: s.vary, burst: s.burst },
        headers,
      );
      const cacheAfter = await readCacheCounts(kefuUrl);
      const cache = { hits: cacheAfter.hits - cacheBefore.hits, misses: cacheAfter.misses - cacheBefore.misses };
      const ratio = kefuResult.rps / bareResult.rps;
      const met = (s.target === undefined || ratio >= s.target) && (s.p99Target === undefined || kefuResult.p99 < s.p99Target);
      rows.push({ scenario: s.name, bytes: Buffer.byteLength(bodies[s.path]), connections: n, bare: bareResult, kefu: kefuResult, ratio, roundRatios, cache, target: s.target, p99Target: s.p99Target, missesMeasured, met });
      const misses = missesMeasured === undefined ? '' : `; ${missesMeasured} read-cache misses while measured`;
      process.stdout.write(
        `${s.name}: ${Math.round(kefuResult.rps)} req/s (${ratio.toFixed(2)} of bare node; rounds ${roundRatios.map((r) => r.toFixed(2)).join(', ')}; ` +
          `read cache ${cache.hits} hits, ${cache.misses} misses${misses})\n`,
      );
    }
    const writes = chosenWrites.length > 0 ? await measureWrites(database, kefuUrl, kefu.pid!) : [];
    const memory = memoryOf(kefu.pid!);
    const report = {
      date: new Date().toISOString(),
      database: database.label,
      machine: `${cpus().length} x ${cpus()[0]?.model}, node ${process.version}`,
      pinned,
      connections,
      duration,
      rounds,
      load: { before: loadBefore, after: loadavg()[0] },
      rows,
      writes,
      memory,
    };
    print(report);
    const file = join(root, 'bench', 'results', `${report.date.replace(/[:.]/g, '-')}.json`);
    ensureDir(file);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nsaved ${file.slice(root.length)}\n`);
  } finally {
    kefu.kill('SIGTERM');
    bare?.kill('SIGTERM');
  }
}

const targetText = (row: { target?: number; p99Target?: number }) =>
  [row.target === undefined ? '' : `>=${row.target}`, row.p99Target === undefined ? '' : `p99<${row.p99Target}`].filter(Boolean).join(' ') || '-';

function print(r: { database: string; machine: string; pinned: boolean; connections: number; duration: number; rounds: number; load: { before: number; after: number }; rows: any[]; writes: WriteRow[]; memory: { rss: number; peak: number } }) {
  const pad = (v: unknown, n: number) => String(v).padStart(n);
  const lines = [
    '',
    `${r.database}; ${r.machine}; ${r.pinned ? 'servers pinned to core 0, load generator to core 1' : 'not pinned'}; ${r.connections} connections unless a row says otherwise, ${r.duration} s per server in ${r.rounds} alternating rounds`,
    `load average ${r.load.before.toFixed(2)} before, ${r.load.after.toFixed(2)} after (other work on the machine skews the figures)`,
    '',
    `${'scenario'.padEnd(22)} ${pad('conns', 5)} ${pad('bytes', 7)} ${pad('bare req/s', 11)} ${pad('p50', 5)} ${pad('p99', 5)} ${pad('cpu', 6)} ` +
      `${pad('kefu req/s', 11)} ${pad('p50', 5)} ${pad('p99', 5)} ${pad('cpu', 6)} ${pad('ratio', 6)} ${pad('target', 16)} ${pad('errors', 7)}`,
    ...r.rows.map(
      (row) =>
        `${row.scenario.padEnd(22)} ${pad(row.connections, 5)} ${pad(row.bytes, 7)} ${pad(Math.round(row.bare.rps), 11)} ${pad(row.bare.p50, 5)} ${pad(row.bare.p99, 5)} ${pad(row.bare.cpuMs.toFixed(2), 6)} ` +
        `${pad(Math.round(row.kefu.rps), 11)} ${pad(row.kefu.p50, 5)} ${pad(row.kefu.p99, 5)} ${pad(row.kefu.cpuMs.toFixed(2), 6)} ${pad(row.ratio.toFixed(2), 6)} ` +
        `${pad(targetText(row), 16)} ${pad(row.kefu.errors + row.bare.errors, 7)}${row.met ? '' : '  MISSED'}`,
    ),
    ...(r.writes.length === 0
      ? []
      : [
          '',
          `writes (${WRITE_CONNECTIONS} connections, Kefu alone: no bare ratio for a write)`,
          `${'scenario'.padEnd(22)} ${pad('kefu req/s', 11)} ${pad('p50', 5)} ${pad('p99', 5)} ${pad('cpu', 6)} ${pad('errors', 7)}`,
          ...r.writes.map((w) => `${w.scenario.padEnd(22)} ${pad(Math.round(w.rps), 11)} ${pad(w.p50, 5)} ${pad(w.p99, 5)} ${pad(w.cpuMs.toFixed(2), 6)} ${pad(w.errors, 7)}`),
        ]),
    '',
    `Kefu memory after the run: RSS ${r.memory.rss.toFixed(0)} MB (peak ${r.memory.peak.toFixed(0)} MB), target <= 300 MB${r.memory.rss <= 300 ? '' : '  MISSED'}`,
    'latencies in ms; cpu: the server process\'s CPU time per request, in ms',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
