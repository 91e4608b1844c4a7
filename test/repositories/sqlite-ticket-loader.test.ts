// kefu generate's SQLite loader: each chunk one transaction, whole or nothing, the tickets' indexes left in place.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { loadFixture, toNewTicket } from '../../src/fixtures/load-fixture.js';
import { generateTickets } from '../../src/fixtures/ticket-generator.js';
import { SqliteTicketLoader } from '../../src/repositories/sqlite-ticket-loader.js';
import { Store } from '../../src/services/store.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, DEFAULT_NOW, exampleFixture } from '../support/kefu.js';

describe('SqliteTicketLoader', () => {
  let db: TestDatabase;
  let reader: SQLite.Database;
  const guests = [acme.guestZhang, acme.guestLi];
  const indexes = () => reader.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'tickets' order by name").all();
  const count = () => (reader.prepare('select count(*) as n from tickets').get() as { n: number }).n;
  const batch = (seed: number, n: number) => {
    const profiles = new Map(guests.map((id) => [id, { name: id, tags: ['vip'] }]));
    return [...generateTickets({ seed, count: n, guests, agents: [acme.alice], until: DEFAULT_NOW })].map((t) => toNewTicket(acme.helpdesk.helpDeskId, t, profiles));
  };
  const write = async (seed: number, n: number, guestIds = guests) => {
    const loader = new SqliteTicketLoader(db.url);
    try {
      await loader.writeChunk(acme.helpdesk.helpDeskId, guestIds, batch(seed, n));
    } finally {
      loader.close();
    }
  };

  before(async () => {
    db = await freshDatabase('sqlite');
    await loadFixture(new Store(db.database), exampleFixture, DEFAULT_NOW);
    reader = new SQLite(db.url);
  });
  after(async () => {
    reader.close();
    await db.dispose();
  });

  test('a chunk is committed whole, the indexes untouched, the file sound', async () => {
    const before = { indexes: indexes(), tickets: count() };
    assert.ok(before.indexes.length >= 5);
    await write(1, 500);
    assert.deepEqual(indexes(), before.indexes);
    assert.equal(count(), before.tickets + 500);
    assert.equal(reader.pragma('integrity_check', { simple: true }), 'ok');
  });

  test('a ticket already stored fails its chunk, which leaves nothing behind and the write lock free', async () => {
    const before = count();
    await assert.rejects(write(1, 100), /UNIQUE constraint failed: tickets.ticket_id/);
    assert.equal(count(), before);
    reader.exec('begin immediate; rollback'); // another connection takes the write lock at once
  });

  test('a guest that is not a user of the database is refused before anything is written', async () => {
    const before = count();
    await assert.rejects(write(3, 10, [...guests, 'ou_nobody']), /some of its guests were removed/);
    assert.equal(count(), before);
  });
});
