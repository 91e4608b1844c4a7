// PostgreSQL's change stamp: one round trip serves the requests waiting for it, and never a request that arrived
// after the round trip had started.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PgChangeStamp } from '../../src/db/pg-change-stamp.js';

/** A snapshot reader whose reads the test answers one by one. */
function controlledReads() {
  const pending: ((value: string) => void)[] = [];
  let started = 0;
  const read = () =>
    new Promise<string>((resolve) => {
      started++;
      pending.push(resolve);
    });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { read, turn, started: () => started, answer: (value: string) => pending.shift()!(value) };
}

describe('PgChangeStamp', () => {
  test('the requests of one turn share one read', async () => {
    const reads = controlledReads();
    const stamp = new PgChangeStamp(reads.read);
    const waiting = [stamp.current(), stamp.current(), stamp.current()];
    await reads.turn();
    assert.equal(reads.started(), 1);
    reads.answer('s1');
    assert.deepEqual(await Promise.all(waiting), ['s1', 's1', 's1']);
  });

  test('a request that arrives while a read is under way waits for the next read, which the later ones share', async () => {
    const reads = controlledReads();
    const stamp = new PgChangeStamp(reads.read);
    const early = stamp.current();
    await reads.turn();
    assert.equal(reads.started(), 1);
    // Another process may have acknowledged a write after the first read started: these must not take its answer.
    const late = [stamp.current(), stamp.current()];
    await reads.turn();
    assert.equal(reads.started(), 1, 'the next read waits for the one under way');
    reads.answer('before the write');
    assert.equal(await early, 'before the write');
    await reads.turn();
    assert.equal(reads.started(), 2);
    reads.answer('after the write');
    assert.deepEqual(await Promise.all(late), ['after the write', 'after the write']);
  });

  test('a failed read fails its requests, and the next request reads again', async () => {
    let calls = 0;
    const stamp = new PgChangeStamp(async () => {
      calls++;
      if (calls === 1) throw new Error('connection lost');
      return 'back';
    });
    await assert.rejects(stamp.current(), /connection lost/);
    assert.equal(await stamp.current(), 'back');
    assert.equal(calls, 2);
  });
});
