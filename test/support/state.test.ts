import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { freshDatabase, type TestDatabase } from './databases.js';
import { describeEachDatabase } from './kefu.js';
import { allTables, snapshot } from './state.js';

describeEachDatabase('the "nothing changed" snapshot', (dialect) => {
  let db: TestDatabase;
  before(async () => (db = await freshDatabase(dialect)));
  after(() => db.dispose());

  test('covers every table of the schema, the count and gram tables included', async () => {
    const tables = await allTables(db.database.db);
    for (const name of ['tenants', 'tickets', 'ticket_counts', 'ticket_status_counts', 'ticket_link_counts', 'ticket_guest_grams']) {
      assert.ok(tables.includes(name as never), `${name} in ${tables.join(', ')}`);
    }
    assert.ok(!tables.some((t) => t.startsWith('kysely_')), "the migrator's own tables are not state");
  });

  test('sees a row written to a table no list names (a table a later migration adds)', async () => {
    const kysely = db.database.db;
    await sql`create table test_later_table (id integer primary key)`.execute(kysely);
    try {
      const before = await snapshot(kysely);
      await sql`insert into test_later_table (id) values (1)`.execute(kysely);
      assert.notEqual(await snapshot(kysely), before);
    } finally {
      await sql`drop table test_later_table`.execute(kysely);
    }
  });
});
