#!/usr/bin/env node
// npm test: every test file under test/, through node's test runner with tsx. The suite runs on SQLite always and
// also on PostgreSQL when KEFU_TEST_PG names a database or one answers at 127.0.0.1:5432 (CI insists on it).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

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

const env = { ...process.env };
if (!env.KEFU_TEST_PG && (await answers('127.0.0.1', 5432))) env.KEFU_TEST_PG = 'postgres://postgres@127.0.0.1:5432/test';
console.log(env.KEFU_TEST_PG ? `databases: sqlite and postgres (${env.KEFU_TEST_PG})` : 'databases: sqlite only (no PostgreSQL found)');

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
