// kefu generate: N realistic tickets added to a helpdesk, the same for the same seed, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/connect.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { Store } from '../../src/services/store.js';
import { kefuBin, runKefu, serveKefu } from '../support/child.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, asUser, DEFAULT_NOW, describeEachDatabase, exampleFixture, sdkClient } from '../support/kefu.js';

const UNTIL = '2026-11-20T00:00:00.000Z';
const YEAR = 365 * 24 * 3600 * 1000;

describeEachDatabase('kefu generate', (dialect) => {
  const databases: TestDatabase[] = [];
  async function worldDatabase(): Promise<TestDatabase> {
    const db = await freshDatabase(dialect);
    databases.push(db);
    await loadFixture(new Store(db.database), exampleFixture, DEFAULT_NOW);
    return db;
  }
  const generate = (db: TestDatabase, ...args: string[]) => runKefu(['generate', '--db', db.url, ...args]);
  const tickets = (db: Database) => db.db.selectFrom('tickets').selectAll().where('ticket_id', '>=', '7').orderBy('ticket_id').execute();

  let first: TestDatabase;
  let second: TestDatabase;
  before(async () => {
    first = await worldDatabase();
    second = await worldDatabase();
  });
  after(async () => {
    for (const db of databases) await db.dispose();
  });

  test('adds N tickets to the helpdesk and says so in one line when not on a terminal', async () => {
    const run = generate(first, '--tickets', '400', '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '7', '--until', UNTIL);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^kefu generate: added 400 tickets to helpdesk 6626871355780366330 in [\d.]+ s \([\d,]+ tickets\/s; --seed 7 --until 2026-11-20T00:00:00.000Z\)\n$/);
    assert.equal(run.stderr, '', 'no progress bar off a terminal');
    // The rows themselves, and the total the ticket list answers from its counts.
    const rows = await first.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('helpdesk_id', '=', acme.helpdesk.helpDeskId).executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 402);
    assert.equal((await new Store(first.database).repos.tickets.list({ helpdesk_id: acme.helpdesk.helpDeskId }, 0, 1)).total, 402);
  });

  test('the same seed and --until give the same tickets in another database', async () => {
    const run = generate(second, '--tickets', '400', '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '7', '--until', UNTIL);
    assert.equal(run.status, 0, run.stderr);
    const [a, b] = [await tickets(first.database), await tickets(second.database)];
    assert.equal(a.length, 400);
    assert.deepEqual(a, b);
  });

  test('the tickets are a plausible year: guests from the tenant, agents from the helpdesk, ids ascending with time', async () => {
    const rows = await tickets(first.database);
    const until = Date.parse(UNTIL);
    const agents = new Set([acme.alice, acme.bob, acme.carol]);
    for (let i = 0; i < rows.length; i++) {
      const t = rows[i];
      assert.ok(t.created_at > until - YEAR && t.created_at <= until, t.ticket_id);
      if (i > 0) assert.ok(t.created_at >= rows[i - 1].created_at, 'ids ascend with creation time');
      assert.ok(!agents.has(t.guest_id), 'agents do not file tickets');
      for (const agent of JSON.parse(t.agent_ids) as string[]) assert.ok(agents.has(agent), agent);
    }
    const statuses = new Set(rows.map((t) => t.status));
    assert.ok(statuses.has(51) && statuses.has(50), [...statuses].join());
    assert.ok(new Set(rows.map((t) => t.guest_id)).size > 3, 'several guests');
    assert.ok(rows.some((t) => t.score === 3) && rows.some((t) => t.channel === 13), 'varied scores and channels');
  });

  test('refuses a seed whose tickets are there already, a missing --helpdesk when there are several, and a bad --tickets', async () => {
    const again = generate(first, '--tickets', '10', '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '7', '--until', UNTIL);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /tickets of seed 7 are already in the database: pass another --seed/);
    const which = generate(first, '--tickets', '10');
    assert.equal(which.status, 2);
    assert.match(which.stderr, /2 helpdesks \(6626871355780366330, 7777777777777777777\): choose one with --helpdesk ID/);
    const bad = generate(first, '--tickets', 'many', '--helpdesk', acme.helpdesk.helpDeskId);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--tickets must be an integer/);
    assert.equal((await tickets(first.database)).length, 400, 'nothing written by a refused run');
  });

  test('the tickets are served by GET /tickets like any other: the counts agree', async () => {
    const store = new Store(first.database);
    const listed = await store.repos.tickets.list({ helpdesk_id: acme.helpdesk.helpDeskId, statuses: [51, 52] }, 0, 1);
    const counted = (await tickets(first.database)).filter((t) => t.status === 51 || t.status === 52).length;
    const fixture = exampleFixture.tenants[0].helpdesks![0].tickets!.filter((t) => t.status === 51 || t.status === 52).length;
    assert.equal(listed.total, counted + fixture);
  });
});

test('API writes succeed while kefu generate loads a SQLite file the server is serving', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-generate-'));
  const db = join(dir, 'kefu.db');
  writeFileSync(join(dir, 'world.json'), JSON.stringify(exampleFixture));
  const kefu = await serveKefu(['--db', db, '--fixture', join(dir, 'world.json'), '--rate-limit', 'off'], { KEFU_LOG_LEVEL: 'warn' });
  try {
    // Enough tickets to hold the lock far longer than the server's 5 s busy_timeout if the load were one transaction.
    const load = spawn(process.execPath, [kefuBin, 'generate', '--db', db, '--tickets', '250000', '--helpdesk', acme.helpdesk.helpDeskId, '--seed', '9'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    load.stdout!.on('data', (d) => (output += d));
    load.stderr!.on('data', (d) => (output += d));
    const loaded = new Promise<number | null>((resolve) => load.once('exit', resolve));
    const client = sdkClient(kefu.baseUrl, acme.app);
    const answers: { code?: number; msg?: string; during: boolean }[] = [];
    for (let i = 0; load.exitCode === null; i++) {
      const res = await client.helpdesk.agentSkill
        .patch({ path: { agent_skill_id: 'skill-japanese' }, data: { agent_skill: { name: `Japanese ${i}` } } }, asUser(acme.ownerToken))
        .catch((e) => e.response?.data ?? { msg: String(e) });
      answers.push({ code: res.code, msg: res.msg, during: load.exitCode === null });
    }
    assert.equal(await loaded, 0, output);
    assert.match(output, /added 250,000 tickets/);
    const during = answers.filter((a) => a.during);
    assert.ok(during.length >= 5, `${during.length} writes while the load ran`);
    assert.deepEqual(answers.filter((a) => a.code !== 0), [], 'every write succeeded');
  } finally {
    await kefu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kefu generate --help names its options', () => {
  const run = runKefu(['generate', '--help']);
  assert.equal(run.status, 0);
  for (const option of ['--tickets N', '--helpdesk ID', '--seed S', '--until', '--db']) assert.ok(run.stdout.includes(option), option);
});
