// kefu migrate-data: a SQLite Kefu copied into a fresh PostgreSQL schema answers every endpoint as it did.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connect.js';
import { BulkCopyRepository } from '../../src/repositories/bulk-copy-repository.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { acmeHelpdeskHeader } from '../support/callers.js';
import { freshDatabase, withoutPostgres, type TestDatabase } from '../support/databases.js';
import { runKefu } from '../support/child.js';
import { acme, DEFAULT_NOW, exampleFixture } from '../support/kefu.js';
import { emptySchema, type EmptySchema } from '../support/pg-schema.js';

/** The example world plus enough tickets that the big tables take several insert batches. */
function worldWithTickets(count: number) {
  const world = structuredClone(exampleFixture) as any;
  const helpdesk = world.tenants[0].helpdesks[0];
  const [template] = helpdesk.tickets;
  for (let i = 0; i < count; i++) {
    helpdesk.tickets.push({
      ...template,
      ticket_id: String(7000000000000000000n + BigInt(i)),
      status: [1, 2, 3, 50, 51][i % 5],
      created_at: 1_700_000_000_000 + i * 60_000,
      tag_names: [['vip'], ['billing', 'bug'], []][i % 3],
    });
  }
  return world;
}

/** GETs as a client would send them; routes a build does not have answer 404 alike on both sides. */
const probes = [
  '/open-apis/helpdesk/v1/agent_skills',
  '/open-apis/helpdesk/v1/agent_skills/skill-japanese',
  '/open-apis/helpdesk/v1/agent_skills/no-such-skill',
  '/open-apis/helpdesk/v1/agent_skill_rules',
  '/open-apis/helpdesk/v1/agent_schedules?status=1&status=2&status=3',
  `/open-apis/helpdesk/v1/agents/${acme.alice}/schedules`,
  '/open-apis/helpdesk/v1/tickets?page_size=200',
  '/open-apis/helpdesk/v1/tickets?page=3&page_size=100&status_list=50&status_list=51',
  '/open-apis/helpdesk/v1/tickets?tags=vip&page_size=5',
  '/open-apis/helpdesk/v1/tickets?guest_name=a&page=2&page_size=50',
  `/open-apis/helpdesk/v1/tickets?agent_id=${acme.alice}&create_time_start=1700000000000&create_time_end=1700050000000&page_size=50`,
  '/open-apis/helpdesk/v1/tickets/6626871355780366331',
  '/open-apis/helpdesk/v1/agent_emails',
  '/open-apis/helpdesk/v1/tickets?page_size=0',
];

async function answer(app: FastifyInstance, url: string, token: string) {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': acmeHelpdeskHeader },
  });
  const body = res.json();
  if (body.error) delete body.error.log_id;
  return { status: res.statusCode, body };
}

describe('kefu migrate-data from SQLite to PostgreSQL', { skip: withoutPostgres }, () => {
  let sqlite: TestDatabase;
  let sqliteApp: FastifyInstance;
  let target: EmptySchema;
  let targetUrl: string;
  let tenantToken: string;

  before(async () => {
    sqlite = await freshDatabase('sqlite');
    sqliteApp = await buildApp({ database: sqlite.database });
    await loadFixture(sqliteApp.kefu.store, worldWithTickets(1500), DEFAULT_NOW);
    // Issuing a token writes the server's token secret and a token row: both must survive the move.
    tenantToken = (await sqliteApp.kefu.auth.issueAppToken('tenant', acme.app.appId, acme.app.appSecret)).token;
    target = await emptySchema('kefu_migrate');
    targetUrl = target.url;
  });
  async function assertCopyAnswersAsOriginal() {
    const copy = await openDatabase(targetUrl, { poolSize: 2 });
    const copyApp = await buildApp({ database: copy });
    try {
      assert.equal((await answer(sqliteApp, probes[0]!, tenantToken)).body.code, 0);
      for (const url of probes) assert.deepEqual(await answer(copyApp, url, tenantToken), await answer(sqliteApp, url, tenantToken), url);
    } finally {
      await copyApp.close();
      await copy.close();
    }
  }

  after(async () => {
    await sqliteApp?.close();
    await sqlite?.dispose();
    await target?.drop();
  });

  test('copies every table, says how many rows each, and the copy answers every endpoint identically', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^tickets\s+1502$/m);
    assert.match(run.stdout, /^skills\s+4$/m);
    assert.match(run.stdout, /every table's row count verified/);

    await assertCopyAnswersAsOriginal();
  });

  test('refuses a target that already holds data', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /already holds data: .*tickets \(1502\).*--replace/);
  });

  test('--replace deletes what the target holds and copies again, counts unchanged', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl, '--replace']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^tickets\s+1502$/m);
    await assertCopyAnswersAsOriginal();
  });

  test('refuses what it cannot copy: a missing file, a target that is not PostgreSQL', () => {
    const missing = runKefu(['migrate-data', '--from', '/nonexistent/kefu.db', '--to', targetUrl]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--from must name an existing SQLite file/);
    const notPg = runKefu(['migrate-data', '--from', sqlite.url, '--to', '/tmp/other.db']);
    assert.equal(notPg.status, 2);
    assert.match(notPg.stderr, /--to must be a postgres:\/\/ URL/);
  });

  test('a copy that fails part-way leaves the target as empty as it found it', async () => {
    const broken = await freshDatabase('sqlite');
    const empty = await emptySchema('kefu_migrate');
    try {
      const app = await buildApp({ database: broken.database });
      await loadFixture(app.kefu.store, exampleFixture, DEFAULT_NOW);
      await app.close();
      // SQLite keeps a text in an integer column; PostgreSQL refuses it, after the tables before tickets are copied.
      await sql`update tickets set score = 'not a number'`.execute(broken.database.db);
      const run = runKefu(['migrate-data', '--from', broken.url, '--to', empty.url]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /nothing was written/);

      const target = await openDatabase(empty.url, { poolSize: 1 });
      try {
        const repo = new BulkCopyRepository(target.db);
        for (const table of await repo.postgresTables()) assert.equal(await repo.count(table), 0, table);
      } finally {
        await target.close();
      }
    } finally {
      await broken.dispose();
      await empty.drop();
    }
  });
});
