// kefu migrate-data: a SQLite Kefu copied into a fresh PostgreSQL schema answers every endpoint as it did.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { freshDatabase, pgUrl, withSchema, type TestDatabase } from '../support/databases.js';
import { runKefu } from '../support/child.js';
import { acme, DEFAULT_NOW, exampleFixture, helpdeskHeader } from '../support/kefu.js';

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
  '/open-apis/helpdesk/v1/tickets/6626871355780366331',
  '/open-apis/helpdesk/v1/tickets?page_size=0',
];

async function answer(app: FastifyInstance, url: string, token: string) {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) },
  });
  const body = res.json();
  if (body.error) delete body.error.log_id;
  return { status: res.statusCode, body };
}

describe('kefu migrate-data from SQLite to PostgreSQL', { skip: pgUrl ? false : 'needs PostgreSQL (KEFU_TEST_PG)' }, () => {
  let sqlite: TestDatabase;
  let sqliteApp: FastifyInstance;
  let schema: string;
  let targetUrl: string;
  let tenantToken: string;

  before(async () => {
    sqlite = await freshDatabase('sqlite');
    sqliteApp = await buildApp({ database: sqlite.database });
    await loadFixture(sqliteApp.kefu.store, worldWithTickets(1500), DEFAULT_NOW);
    // Issuing a token writes the server's token secret and a token row: both must survive the move.
    tenantToken = (await sqliteApp.kefu.auth.issueAppToken('tenant', acme.app.appId, acme.app.appSecret)).token;
    schema = `kefu_migrate_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    targetUrl = withSchema(pgUrl!, schema);
  });
  after(async () => {
    await sqliteApp?.close();
    await sqlite?.dispose();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  test('copies every table, says how many rows each, and the copy answers every endpoint identically', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^tickets\s+1502$/m);
    assert.match(run.stdout, /^skills\s+4$/m);
    assert.match(run.stdout, /every table's row count verified/);

    let copy: Database | undefined;
    let copyApp: FastifyInstance | undefined;
    try {
      copy = await openDatabase(targetUrl, { poolSize: 2 });
      copyApp = await buildApp({ database: copy });
      const [original, migrated] = [sqliteApp, copyApp];
      assert.equal((await answer(original, probes[0]!, tenantToken)).body.code, 0);
      for (const url of probes) assert.deepEqual(await answer(migrated, url, tenantToken), await answer(original, url, tenantToken), url);
    } finally {
      await copyApp?.close();
      await copy?.close();
    }
  });

  test('refuses a target that already holds data, and writes nothing', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /already holds data: .*tickets \(1502\).*--replace/);
  });

  test('--replace deletes what the target holds and copies again, counts unchanged', async () => {
    const run = runKefu(['migrate-data', '--from', sqlite.url, '--to', targetUrl, '--replace']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^tickets\s+1502$/m);
    const copy = await openDatabase(targetUrl, { poolSize: 1 });
    const copyApp = await buildApp({ database: copy });
    try {
      for (const url of probes) assert.deepEqual(await answer(copyApp, url, tenantToken), await answer(sqliteApp, url, tenantToken), url);
    } finally {
      await copyApp.close();
      await copy.close();
    }
  });

  test('refuses what it cannot copy: a missing file, a target that is not PostgreSQL', () => {
    const missing = runKefu(['migrate-data', '--from', '/nonexistent/kefu.db', '--to', targetUrl]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--from must name an existing SQLite file/);
    const notPg = runKefu(['migrate-data', '--from', sqlite.url, '--to', '/tmp/other.db']);
    assert.equal(notPg.status, 2);
    assert.match(notPg.stderr, /--to must be a postgres:\/\/ URL/);
  });
});
