// kefu export --from: the export over HTTP from a real Kefu holding more than the list's 10,000 cap, under its
// rate limit: every ticket exactly once, the same as the export from the database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { Store } from '../../src/services/store.js';
import { kefuBin, runKefu } from '../support/child.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, DEFAULT_NOW, exampleFixture } from '../support/kefu.js';

const GENERATED = 10_500;

/** kefu export as a child that does not block this process (the server it calls runs here). */
function exportChild(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kefuBin, 'export', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const tickets = (name: string): { ticket_id: string }[] =>
  readFileSync(join(scratch, name), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

let db: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
const scratch = mkdtempSync(join(tmpdir(), 'kefu-export-http-'));

before(async () => {
  db = await freshDatabase('sqlite');
  await loadFixture(new Store(db.database), exampleFixture, DEFAULT_NOW);
  const run = runKefu(['generate', '--db', db.url, '--tickets', String(GENERATED), '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '5', '--until', '2026-11-20T00:00:00Z']);
  assert.equal(run.status, 0, run.stderr);
  // Feishu's limits, as kefu serve enforces them by default.
  app = await buildApp({ database: db.database, rateLimit: {} });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await db.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

test('over HTTP past the 10,000 cap: every ticket once, as the database export writes them, and no call rate-limited', async () => {
  const server = ['--from', baseUrl, '--app-id', acme.app.appId, '--app-secret', acme.app.appSecret, '--helpdesk-id', acme.helpdesk.helpDeskId, '--helpdesk-token', acme.helpdesk.helpDeskToken];
  const overHttp = await exportChild([...server, '--output', join(scratch, 'http.ndjson')]);
  assert.equal(overHttp.status, 0, overHttp.stderr);
  assert.match(overHttp.stderr, /^kefu export: 10,502 tickets; to go on from here: --since \d+_\d+\n$/);
  const fromDatabase = await exportChild(['--db', db.url, '--helpdesk', acme.helpdesk.helpDeskId, '--output', join(scratch, 'db.ndjson')]);
  assert.equal(fromDatabase.status, 0, fromDatabase.stderr);
  const http = tickets('http.ndjson');
  assert.equal(new Set(http.map((t) => t.ticket_id)).size, GENERATED + 2);
  // The same tickets in the same order (keys in the server's serialisation order, which deepEqual does not weigh).
  assert.deepEqual(http, tickets('db.ndjson'));
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  assert.doesNotMatch(metrics, /^kefu_rate_limited_requests_total\{/m, 'no call was refused by the rate limit');
  assert.match(metrics, /^kefu_http_requests_total\{method="GET",route="\/open-apis\/helpdesk\/v1\/tickets",status="200",code="0"\} \d+$/m);
});

test('--since over HTTP goes on after the cursor: the two parts are the whole, once', async () => {
  const server = ['--from', baseUrl, '--app-id', acme.app.appId, '--app-secret', acme.app.appSecret, '--helpdesk-id', acme.helpdesk.helpDeskId, '--helpdesk-token', acme.helpdesk.helpDeskToken];
  const first = await exportChild([...server, '--limit', '2500', '--output', join(scratch, 'a.ndjson')]);
  assert.equal(first.status, 0, first.stderr);
  const cursor = /--since (\S+)\n$/.exec(first.stderr)![1]!;
  const second = await exportChild([...server, '--since', cursor, '--output', join(scratch, 'b.ndjson')]);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual([...tickets('a.ndjson'), ...tickets('b.ndjson')], tickets('db.ndjson'));
  assert.equal(tickets('a.ndjson').length, 2500);
});
