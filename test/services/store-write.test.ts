// Store.write's promises hold when writes arrive together: on SQLite they share one transaction's commit (each call
// in a savepoint of its own, src/services/group-commit.ts), on PostgreSQL each has a transaction of its own.
// A failing call takes back only its own writes and events; nobody is answered before the commit; a failed commit
// fails every call and writes nothing; calls run in the order they were made.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { dialects, freshDatabase, type TestDatabase } from '../support/databases.js';
import { Store } from '../../src/services/store.js';
import type { Repositories } from '../../src/repositories/index.js';
import type { Executor } from '../../src/repositories/executor.js';
import type { OutboxRow } from '../../src/repositories/event-outbox-repository.js';

const event = (n: number) => ({
  event_id: n.toString(16).padStart(32, '0'), event_type: 'helpdesk.ticket.created_v1', tenant_key: 't', helpdesk_id: 'h', ticket_id: null,
  create_time: n, event: '{}',
});

/** A change of its own: a setting and an event. */
async function change(repos: Repositories, n: number): Promise<number> {
  await repos.settings.getOrInsert(`key-${n}`, `value-${n}`);
  return repos.outbox.add(event(n));
}

/** The transaction the repositories run in (a test's back door, for what no repository does). */
const executorOf = (repos: Repositories) => (repos.settings as unknown as { db: Executor }).db;

for (const dialect of dialects) {
  describe(`Store.write with writes arriving together [${dialect}]`, () => {
    let database: TestDatabase;
    let store: Store;
    let committed: OutboxRow[];
    before(async () => {
      database = await freshDatabase(dialect);
    });
    after(() => database.dispose());
    afterEach(async () => {
      await sql`delete from settings`.execute(database.database.db);
      await sql`delete from event_outbox`.execute(database.database.db);
    });
    const fresh = () => {
      store = new Store(database.database);
      committed = [];
      store.onEventsCommitted = (events) => committed.push(...events);
    };
    const settings = async () => (await sql<{ key: string }>`select key from settings order by key`.execute(database.database.db)).rows.map((r) => r.key);
    const outbox = async () => (await sql<{ create_time: number }>`select create_time from event_outbox order by seq`.execute(database.database.db)).rows.map((r) => Number(r.create_time));

    test('a call that fails takes back only its own writes and events; the calls beside it commit', async () => {
      fresh();
      const failing = new Error('the second call refuses');
      const results = await Promise.allSettled([
        store.write((repos) => change(repos, 1)),
        store.write(async (repos) => {
          await change(repos, 2);
          throw failing;
        }),
        store.write((repos) => change(repos, 3)),
      ]);
      assert.equal(results[0].status, 'fulfilled');
      assert.deepEqual(results[1], { status: 'rejected', reason: failing });
      assert.equal(results[2].status, 'fulfilled');
      assert.deepEqual(await settings(), ['key-1', 'key-3']);
      assert.deepEqual((await outbox()).sort(), [1, 3]);
      assert.deepEqual(committed.map((e) => e.create_time).sort(), [1, 3]);
    });

    test('calls made together run one at a time in the order they were made, each seeing the writes before it', async () => {
      fresh();
      // More calls than one transaction takes (64 on SQLite): the later ones commit in the next.
      const calls = 100;
      const ran: number[] = [];
      const seen: number[] = [];
      await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          store.write(async (repos) => {
            ran.push(i);
            // Reads then writes on what it read: the count of the settings made before it.
            const before = Number((await sql<{ n: number }>`select count(*) as n from settings`.execute(executorOf(repos))).rows[0].n);
            seen.push(before);
            await change(repos, i);
          }),
        ),
      );
      const inOrder = Array.from({ length: calls }, (_, i) => i);
      if (dialect === 'sqlite') {
        assert.deepEqual(ran, inOrder);
        assert.deepEqual(seen, inOrder);
        assert.deepEqual(await outbox(), inOrder);
      } else {
        // PostgreSQL's transactions overlap on the pool: all that holds there is that every call committed.
        assert.deepEqual([...(await outbox())].sort((a, b) => a - b), inOrder);
      }
    });

    // PostgreSQL's calls never share a commit: these two are SQLite's alone.
    if (dialect === 'postgres') return;

    test('a commit that fails rejects every call that shared it, and none of their writes remain', async () => {
      fresh();
      const results = await Promise.allSettled([
        store.write((repos) => change(repos, 1)),
        store.write(async (repos) => {
          await change(repos, 2);
          // A foreign key checked at the commit, and broken: the commit fails, not the statement.
          const db = executorOf(repos);
          await sql`pragma defer_foreign_keys = on`.execute(db);
          await db.insertInto('apps').values({ app_id: 'cli_orphan', tenant_key: 'no such tenant', app_secret_hash: 's', scopes: '[]' }).execute();
        }),
        store.write((repos) => change(repos, 3)),
      ]);
      assert.deepEqual(
        results.map((r) => r.status === 'rejected' && /FOREIGN KEY/.test(String(r.reason))),
        [true, true, true],
      );
      assert.deepEqual(await settings(), []);
      assert.deepEqual(await outbox(), []);
      assert.deepEqual(committed, []);
      // The connection is usable again.
      await store.write((repos) => change(repos, 4));
      assert.deepEqual(await outbox(), [4]);
    });

    test('no call is answered, and no event is handed on, before the commit: another connection sees the write by then', async () => {
      fresh();
      const other = new SQLite(database.url, { readonly: true });
      try {
        const otherSees = (n: number) => other.prepare('select count(*) as n from settings where key = ?').pluck().get(`key-${n}`) === 1;
        const answered: number[] = [];
        const seenAtAnswer: boolean[] = [];
        const seenAtHook: boolean[] = [];
        store.onEventsCommitted = (events) => seenAtHook.push(...events.map((e) => otherSees(e.create_time)));
        let firstDoneWhileSecondRan: { answered: boolean; visible: boolean } | undefined;
        await Promise.all([
          store.write((repos) => change(repos, 1)).then(() => {
            answered.push(1);
            seenAtAnswer.push(otherSees(1));
          }),
          store.write(async (repos) => {
            // The first call's fn has finished: it shares this transaction, uncommitted.
            firstDoneWhileSecondRan = { answered: answered.includes(1), visible: otherSees(1) };
            await change(repos, 2);
          }).then(() => {
            answered.push(2);
            seenAtAnswer.push(otherSees(2));
          }),
        ]);
        assert.deepEqual(firstDoneWhileSecondRan, { answered: false, visible: false });
        assert.deepEqual(answered, [1, 2]);
        assert.deepEqual(seenAtAnswer, [true, true]);
        assert.deepEqual(seenAtHook, [true, true]);
      } finally {
        other.close();
      }
    });
  });
}
