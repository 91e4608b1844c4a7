#!/usr/bin/env node
// Cold start of `kefu serve`: from spawning the process to its "kefu listening" line, through tsx (the sources) and
// from the compiled build through bin/kefu.js (`npm run build` first), in alternation. CPU is the process's user + system time at
// that line. Usage: node bench/cold-start.mjs DB_FILE [ROUNDS]   (docs/benchmarks.md, "Cold start")
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const [db, rounds = '5'] = process.argv.slice(2);
if (!db || !existsSync(`${root}dist/cli/main.js`)) {
  console.error('usage: node bench/cold-start.mjs DB_FILE [ROUNDS]   (after npm run build)');
  process.exit(2);
}
const tsx = `import { register } from 'tsx/esm/api'; register(); const { main } = await import('./src/cli/main.ts'); await main(process.argv.slice(1));`;
const variants = {
  tsx: ['--input-type=module', '-e', tsx, '--'],
  // As production starts: the bin, which runs dist/ when it is newer than every source (no source edited since the build).
  dist: ['bin/kefu.js'],
};

function start(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...args, 'serve', '--db', db, '--port', '0', '--rate-limit', 'off', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('kefu listening')) return;
      const wall = performance.now() - started;
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const cpu = (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
      child.kill('SIGTERM');
      child.once('exit', () => resolve({ wall, cpu }));
    });
    child.once('exit', (code) => out.includes('kefu listening') || reject(new Error(`kefu exited with ${code}: ${out}`)));
  });
}

const results = { tsx: [], dist: [] };
for (let r = 0; r < Number(rounds); r++) {
  for (const name of r % 2 ? ['dist', 'tsx'] : ['tsx', 'dist']) {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const run = await start(variants[name]);
    results[name].push(run);
    console.log(`round ${r + 1} ${name}: ${Math.round(run.wall)} ms wall, ${run.cpu} ms CPU (load ${load})`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, runs] of Object.entries(results)) {
  console.log(`${name}: wall median ${Math.round(median(runs.map((r) => r.wall)))} ms, CPU median ${median(runs.map((r) => r.cpu))} ms`);
}
