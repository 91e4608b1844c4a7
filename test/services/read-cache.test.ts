// The read cache: answers kept beside the database's change stamp, within a byte budget.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type SQLite from 'better-sqlite3';
import type { SqliteHandle } from '../../src/db/sqlite-handle.js';
import { twoConnections, type TwoConnections } from '../support/two-connections.js';
import { ReadCache } from '../../src/services/read-cache.js';

describe('ReadCache on a SQLite handle', () => {
  let handle: SqliteHandle;
  let other: SQLite.Database;
  let connections: TwoConnections;
  before(() => ({ handle, other } = connections = twoConnections()));
  after(() => connections.dispose());

  test('serves its bytes until something writes, then loads again', async () => {
    const cache = new ReadCache(() => handle.changeStamp());
    let loads = 0;
    const count = async () =>
      Number(
        await cache.get('count', async () => {
          loads++;
          return Buffer.from(String((handle.prepare('select count(*) as n from t').get() as { n: number }).n));
        }),
      );
    const first = await count();
    assert.equal(await count(), first);
    assert.equal(loads, 1);
    other.prepare('insert into t (v) values (?)').run('x');
    await new Promise((resolve) => setImmediate(resolve)); // another connection's commit shows from the next turn
    assert.equal(await count(), first + 1);
    handle.prepare('delete from t where v = ?').run(['x']);
    assert.equal(await count(), first);
    assert.equal(loads, 3);
  });
});

describe('ReadCache', () => {
  const still = () => 'unchanged';

  test('holds no more than its budget, letting the least recently used answers go first', async () => {
    const cache = new ReadCache(still, 4000);
    const loads: string[] = [];
    const get = (key: string) => cache.get(key, async () => (loads.push(key), Buffer.alloc(800)));
    for (const key of ['a', 'b', 'c', 'd']) await get(key);
    await get('a'); // a is now the most recently used
    await get('e'); // 5 x (800 and a little) > 4000: b, the least recently used, goes
    assert.ok(cache.size.bytes <= 4000);
    loads.length = 0;
    await get('a');
    await get('b');
    assert.deepEqual(loads, ['b']);
  });

  test('a burst of queries that never repeat leaves the answers asked for again in memory, within the budget', async () => {
    const budget = 1024 * 1024;
    const cache = new ReadCache(still, budget);
    const loads: string[] = [];
    const get = (key: string) => cache.get(key, async () => (loads.push(key), Buffer.alloc(2000, key)));
    const hot = ['GET agent_skills 1', 'GET tickets 1 page=1', 'GET tickets 1 page=2'];
    for (const key of [...hot, ...hot]) await get(key);
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      await get(`GET tickets 1 create_time_end=${i}`);
      largest = Math.max(largest, cache.size.bytes);
    }
    assert.ok(largest <= budget, `${largest} bytes held at the most, budget ${budget}`);
    loads.length = 0;
    for (const key of hot) assert.equal((await get(key)).toString('latin1', 0, key.length), key);
    assert.deepEqual(loads, [], 'every hot answer was served from memory');
  });

  test('an answer asked for once makes way for the next one asked for once', async () => {
    const cache = new ReadCache(still, 4000);
    const loads: string[] = [];
    const get = (key: string) => cache.get(key, async () => (loads.push(key), Buffer.alloc(800)));
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await get(key);
    loads.length = 0;
    for (const key of ['f', 'a']) await get(key);
    assert.deepEqual(loads, ['a'], 'the newest is still held, the oldest is not');
  });

  test('peek answers kept bytes only while the stamp is the one they were loaded under', async () => {
    let stamp = 'one';
    const cache = new ReadCache(() => stamp);
    assert.equal(cache.peek('k'), undefined);
    await cache.get('k', async () => Buffer.from('kept'));
    assert.equal(cache.peek('k')?.toString(), 'kept');
    stamp = 'two';
    assert.equal(cache.peek('k'), undefined);
    assert.equal(new ReadCache(undefined).peek('k'), undefined, 'nothing is kept without a stamp');
  });

  test('keys count against the budget: small answers under long keys cannot outgrow it', async () => {
    const cache = new ReadCache(still, 4000);
    const key = (i: number) => `GET tickets 1 ${String(i).padStart(400, 'x')}`;
    for (let i = 0; i < 20; i++) await cache.get(key(i), async () => Buffer.from('{}'));
    assert.ok(cache.size.bytes <= 4000, `${cache.size.bytes} bytes held`);
    assert.ok(cache.size.entries <= 4, `${cache.size.entries} entries of 800-byte keys in 4000 bytes`);
    assert.ok(cache.size.bytes >= cache.size.entries * 2 * key(0).length, 'what is held includes the keys');
  });

  test('an answer bigger than a quarter of the budget is served but not kept', async () => {
    const cache = new ReadCache(still, 4000);
    let loads = 0;
    for (let i = 0; i < 2; i++) await cache.get('big', async () => (loads++, Buffer.alloc(1500)));
    assert.equal(loads, 2);
    assert.equal(cache.size.entries, 0);
  });

  test('a load that fails is not kept, and the next read tries again', async () => {
    const cache = new ReadCache(still);
    await assert.rejects(cache.get('k', async () => Promise.reject(new Error('refused'))), /refused/);
    assert.equal((await cache.get('k', async () => Buffer.from('ok'))).toString(), 'ok');
  });

  test('a stamp that must be waited for (PostgreSQL): peek cannot answer, get serves kept bytes while it is unchanged', async () => {
    let stamp = 'one';
    const cache = new ReadCache(async () => stamp);
    let loads = 0;
    const get = async () => (await cache.get('k', async () => Buffer.from(String(++loads)))).toString();
    assert.equal(await get(), '1');
    assert.equal(cache.peek('k'), undefined);
    assert.equal(await get(), '1');
    stamp = 'two';
    assert.equal(await get(), '2');
    assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 1, misses: 2 });
  });

  test('without a change stamp every read loads', async () => {
    const cache = new ReadCache(undefined);
    let loads = 0;
    await cache.get('k', async () => Buffer.from(String(++loads)));
    assert.equal((await cache.get('k', async () => Buffer.from(String(++loads)))).toString(), '2');
  });
});
