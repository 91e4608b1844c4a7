// App secrets and helpdesk tokens are kept only as sha256 digests (migration 0003), on both databases: what a copy
// of the database reveals, and what an older database becomes when a newer Kefu opens it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { buildApp } from '../../src/app.js';
import * as secretDigests from '../../src/db/migrations/0003-secret-digests.js';
import { sha256Hex } from '../../src/platform/secrets.js';
import type { TestDatabase } from '../support/databases.js';
import { acme, describeEachDatabase, exampleFixture, fixtureDatabase, sdkClient } from '../support/kefu.js';
import { allTables, snapshot } from '../support/state.js';

const secrets = exampleFixture.tenants.flatMap((t) => [...(t.apps ?? []).map((a) => a.app_secret), ...(t.helpdesks ?? []).map((h) => h.helpdesk_token)]);

describeEachDatabase('secrets at rest', (dialect) => {
  let db: TestDatabase;
  before(async () => (db = await fixtureDatabase(dialect)));
  after(() => db.dispose());

  test('no app secret or helpdesk token of a loaded fixture is anywhere in the database', async () => {
    assert.ok(secrets.length >= 4);
    const dump = await snapshot(db.database.db, await allTables(db.database.db));
    for (const secret of secrets) assert.ok(!dump.includes(secret), `${secret} is stored`);
    const app = await db.database.db.selectFrom('apps').selectAll().where('app_id', '=', acme.app.appId).executeTakeFirstOrThrow();
    assert.equal(app.app_secret_hash, sha256Hex(acme.app.appSecret));
  });

  test('a database from before 0003 has its clear-text secrets turned into digests, and its credentials keep working', async () => {
    // Put the database back as 0002 left it: the columns by their old names, holding the secrets themselves.
    const kysely = db.database.db as any;
    await kysely.schema.alterTable('apps').renameColumn('app_secret_hash', 'app_secret').execute();
    await kysely.schema.alterTable('helpdesks').renameColumn('helpdesk_token_hash', 'helpdesk_token').execute();
    for (const tenant of exampleFixture.tenants) {
      for (const a of tenant.apps ?? []) await kysely.updateTable('apps').set({ app_secret: a.app_secret }).where('app_id', '=', a.app_id).execute();
      for (const h of tenant.helpdesks ?? []) await kysely.updateTable('helpdesks').set({ helpdesk_token: h.helpdesk_token }).where('helpdesk_id', '=', h.helpdesk_id).execute();
    }
    assert.ok((await snapshot(db.database.db, ['apps'])).includes(acme.app.appSecret), 'the old form holds the secret');

    // Migration 0003 itself, as the migrator runs it on such a database (later migrations touch neither table).
    await secretDigests.up(kysely);
    const dump = await snapshot(db.database.db, await allTables(db.database.db));
    for (const secret of secrets) assert.ok(!dump.includes(secret), `${secret} is still stored`);
    const app = await buildApp({ database: db.database });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const skills = await sdkClient(baseUrl, acme.app).helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
      assert.equal(skills.code, 0, 'the app secret and the helpdesk token are still accepted');
    } finally {
      await app.close();
    }
  });
});
