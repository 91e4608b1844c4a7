#!/usr/bin/env node
// npm test: every test file under test/ (or the files named), through node's test runner with tsx. The suite runs on
// SQLite always, and also on PostgreSQL when KEFU_TEST_PG names a database or one answers at 127.0.0.1:5432.
//
// In CI (CI set and not "false") and whenever KEFU_TEST_PG is given, PostgreSQL and Redis are required: a server that
// does not answer fails the run before any test starts, the test files are told (KEFU_TEST_SERVERS=required) so a
// suite that needs one fails instead of skipping, and a run that skipped any test exits non-zero.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests share (test/support/redis.ts reads the same variable). */
const redisUrl = new URL(process.env.KEFU_TEST_REDIS || 'redis://127.0.0.1:6379');
const REDIS = { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) };

function testFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.ts') ? [path] : [];
    });
}

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function fail(message) {
  console.error(`run-tests: ${message}`);
  process.exit(1);
}

/** The run's totals from the TAP copy of the report: node's summary lines, and every test or suite it skipped. */
function tapSummary(tap) {
  const total = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? NaN);
  const skips = tap.split('\n').filter((line) => /^\s*ok \d+ - .*# SKIP/.test(line)).map((line) => line.trim());
  return { tests: total('tests'), pass: total('pass'), fail: total('fail'), cancelled: total('cancelled'), skipped: total('skipped'), skips };
}

const ci = Boolean(process.env.CI) && !/^(false|0)$/i.test(process.env.CI);
const required = ci || Boolean(process.env.KEFU_TEST_PG);
const env = { ...process.env };
if (!env.KEFU_TEST_PG && (await answers('127.0.0.1', 5432))) env.KEFU_TEST_PG = DEFAULT_PG;

if (required) {
  const why = ci ? 'CI is set' : 'KEFU_TEST_PG is given';
  if (!env.KEFU_TEST_PG) fail(`${why}, so PostgreSQL is required, and none answers at 127.0.0.1:5432 (set KEFU_TEST_PG)`);
  const pg = new URL(env.KEFU_TEST_PG);
  if (!(await answers(pg.hostname, Number(pg.port || 5432)))) fail(`${why}, so PostgreSQL is required, and none answers at ${pg.hostname}:${pg.port || 5432}`);
  if (!(await answers(REDIS.host, REDIS.port))) fail(`${why}, so Redis is required, and none answers at ${REDIS.host}:${REDIS.port}`);
  env.KEFU_TEST_SERVERS = 'required';
}
const redis = await answers(REDIS.host, REDIS.port);
console.log(
  `databases: ${env.KEFU_TEST_PG ? `sqlite and postgres (${env.KEFU_TEST_PG})` : 'sqlite only (no PostgreSQL found)'}; ` +
    `redis: ${redis ? `${REDIS.host}:${REDIS.port}` : 'none (its tests skip)'}${required ? '; missing servers and skipped tests fail the run' : ''}`,
);

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test');
const reportDir = mkdtempSync(join(tmpdir(), 'kefu-test-report-'));
const tapFile = join(reportDir, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit', env },
);
let summary;
try {
  summary = tapSummary(readFileSync(tapFile, 'utf8'));
} catch {
  summary = undefined;
}
rmSync(reportDir, { recursive: true, force: true });

let status = result.status ?? 1;
if (summary) {
  console.log(`\nrun-tests: ${summary.tests} tests, ${summary.pass} passed, ${summary.fail} failed, ${summary.cancelled} cancelled, ${summary.skipped} skipped`);
  if (required && summary.skips.length > 0) {
    console.error(`run-tests: ${summary.skips.length} skipped where nothing may skip:\n  ${summary.skips.join('\n  ')}`);
    status = status || 1;
  }
} else {
  console.error('run-tests: the test runner wrote no report');
  status = status || 1;
}
process.exit(status);
