// kefu generate's SQLite loader: one transaction for the whole load, indexes rebuilt inside it when it drops them.
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

  before(async () => {
    db = await freshDatabase('sqlite');
    await loadFixture(new Store(db.database), exampleFixture, DEFAULT_NOW);
    reader = new SQLite(db.url);
  });
  after(async () => {
    reader.close();
    await db.dispose();
  });

  test('a load that doubles the tickets drops the indexes unseen by other connections and builds them again', () => {
    const before = { indexes: indexes(), tickets: count() };
    assert.ok(before.indexes.length >= 5);
    const loader = new SqliteTicketLoader(db.url);
    try {
      loader.begin(500, acme.helpdesk.helpDeskId, guests);
      loader.load(batch(1, 500));
      assert.deepEqual(indexes(), before.indexes, 'another connection still sees every index mid-load');
      assert.equal(count(), before.tickets, 'and none of the new tickets');
      loader.commit();
    } finally {
      loader.close();
    }
    assert.deepEqual(indexes(), before.indexes);
    assert.equal(count(), before.tickets + 500);
    assert.equal(reader.pragma('integrity_check', { simple: true }), 'ok');
  });

  test('a load closed before its commit leaves nothing behind, indexes included', () => {
    const before = { indexes: indexes(), tickets: count() };
    const loader = new SqliteTicketLoader(db.url);
    loader.begin(5000, acme.helpdesk.helpDeskId, guests);
    loader.load(batch(2, 300));
    loader.close();
    assert.deepEqual(indexes(), before.indexes);
    assert.equal(count(), before.tickets);
  });

  test('a ticket already stored fails the load, and the load leaves nothing behind', () => {
    const before = count();
    const loader = new SqliteTicketLoader(db.url);
    try {
      loader.begin(100, acme.helpdesk.helpDeskId, guests);
      assert.throws(() => loader.load(batch(1, 100)), /UNIQUE constraint failed: tickets.ticket_id/);
    } finally {
      loader.close();
    }
    assert.equal(count(), before);
  });

  test('a guest that is not a user of the database is refused before anything is written', () => {
    const loader = new SqliteTicketLoader(db.url);
    try {
      assert.throws(() => loader.begin(10, acme.helpdesk.helpDeskId, [...guests, 'ou_nobody']), /some of its guests were removed/);
    } finally {
      loader.close();
    }
  });
});
