// Two builds of Kefu living whole tickets at the same moments, for an A/B that the shared machine's swings fall on
// alike: `node bin/run-ts.js bench/lifecycle-paired.ts DIR_A DIR_B [--lives 600] [--tickets 100000]`, where each
// DIR is a compiled build beside dist/ (e.g. `cp -r dist dist-a` before a change, `npm run build && cp -r dist dist-b`
// after: the build reads proto/ and the console's assets from the project root, so it must sit there). Both servers
// are pinned to core 0 and share it, each on its own copy of the cached database, each driven by `concurrency`
// lives; the figures to compare are the CPU ms per request of each (alternated runs in one sitting moved by 10 to
// 40 % under other engineers' load, paired ones by 1 to 2 %). Run it twice with the builds swapped.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cachePath, root, sqliteBenchDatabase } from './database.js';
import { runLifecycle } from './lifecycle.js';

const { values: flags, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: { lives: { type: 'string', default: '600' }, tickets: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '32' } },
});
if (builds.length !== 2) throw new Error('name two compiled builds beside dist/, e.g. dist-a dist-b');

/** user + system CPU time of a process, in ms (Linux clock ticks are 10 ms). */
function cpuTimeOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A port nobody listens on now, so that two of these benchmarks can run at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function serve(build: string, source: string, n: number): Promise<{ child: ChildProcess; db: string; url: string }> {
  const db = cachePath(`paired-${n}.db`);
  // The log the last run's server left beside its copy (it is stopped without waiting) would be replayed onto this
  // copy, which is not its database.
  for (const f of [`${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  copyFileSync(source, db);
  const port = await freePort();
  const start = `import('./${build}/cli/main.js').then((m) => m.main(process.argv.slice(1)))`;
  const args = ['-c', '0', process.execPath, '-e', start, 'serve', '--db', db, '--port', String(port), '--rate-limit', 'off', '--log-level', 'warn'];
  const child = spawn('taskset', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${build}: the server exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, db, url };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

spawn('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const { target } = await sqliteBenchDatabase(Number(flags.tickets));
const servers = [await serve(builds[0], target, 1), await serve(builds[1], target, 2)];
try {
  const options = { lives: Number(flags.lives), concurrency: Number(flags.concurrency) };
  const reports = await Promise.all(servers.map((s) => runLifecycle(s.url, s.db, { ...options, serverCpuMs: () => cpuTimeOf(s.child.pid!) })));
  reports.forEach((r, i) => {
    process.stdout.write(
      `${builds[i]}: CPU ${r.serverCpuMsPerRequest.toFixed(3)} ms/req, ${r.livesPerSecond.toFixed(1)} lives/s, ${Math.round(r.requestsPerSecond)} req/s, ` +
        `${r.errors} errors; p50 per step ${r.steps.map((s) => s.p50).join('/')} ms, p99 ${r.steps.map((s) => s.p99).join('/')} ms\n`,
    );
  });
} finally {
  for (const s of servers) s.child.kill('SIGTERM');
}
process.exit(0);
