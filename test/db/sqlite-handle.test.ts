// The SQLite connection Kysely runs on: statements kept by SQL text, and the change stamp the read cache trusts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type SQLite from 'better-sqlite3';
import type { SqliteHandle } from '../../src/db/sqlite-handle.js';
import { twoConnections, type TwoConnections } from '../support/two-connections.js';

describe('SqliteHandle', () => {
  let handle: SqliteHandle;
  let other: SQLite.Database;
  let connections: TwoConnections;
  before(() => ({ handle, other } = connections = twoConnections()));
  after(() => connections.dispose());

  test('the same SQL gets the same prepared statement, while another SQL gets its own', () => {
    const a = handle.prepare('select v from t where id = ?');
    assert.equal(handle.prepare('select v from t where id = ?'), a);
    assert.notEqual(handle.prepare('select id from t'), a);
  });

  test('a statement still iterating is not handed out again: the second caller gets a fresh one', () => {
    handle.prepare('insert into t (v) values (?)').run(['a']);
    handle.prepare('insert into t (v) values (?)').run(['b']);
    const streaming = handle.prepare('select v from t order by id');
    const rows = streaming.iterate();
    assert.equal((rows.next().value as { v: string }).v, 'a');
    const meanwhile = handle.prepare('select v from t order by id');
    assert.notEqual(meanwhile, streaming);
    assert.deepEqual(meanwhile.all().map((r) => (r as { v: string }).v), ['a', 'b']);
    assert.equal((rows.next().value as { v: string }).v, 'b');
    rows.return?.();
  });

  test('the change stamp stays put on reads and moves on this connection\'s writes', () => {
    const stamp = handle.changeStamp();
    handle.prepare('select count(*) from t').all();
    assert.equal(handle.changeStamp(), stamp);
    handle.prepare('update t set v = ? where id = 1').run(['c']);
    assert.notEqual(handle.changeStamp(), stamp);
  });

  test('the change stamp moves when another connection commits to the file, from the next turn of the event loop', async () => {
    const stamp = handle.changeStamp();
    other.prepare('insert into t (v) values (?)').run('from elsewhere');
    assert.equal(handle.changeStamp(), stamp, 'requests arriving together share one reading');
    await new Promise((resolve) => setImmediate(resolve));
    assert.notEqual(handle.changeStamp(), stamp);
  });
});
