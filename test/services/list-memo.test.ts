// What the list keeps between requests is kept while the change stamp stands still, dropped when it moves, never
// kept on a database without a synchronous stamp, and never beyond the bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StampedMemo } from '../../src/services/list-memo.js';
import type { Store } from '../../src/services/store.js';

const storeWith = (changeStamp: (() => string | Promise<string>) | undefined) => ({ database: { changeStamp } }) as unknown as Store;

test('a value is kept until the change stamp moves', () => {
  let stamp = 's1';
  const memo = new StampedMemo(storeWith(() => stamp));
  memo.view()!.set('guests h1 li', ['g1'], 2);
  assert.deepEqual(memo.view()!.get('guests h1 li'), ['g1']);
  stamp = 's2';
  assert.equal(memo.view()!.get('guests h1 li'), undefined);
});

test('a value loaded under a stamp that has moved since is not kept', () => {
  let stamp = 's1';
  const memo = new StampedMemo(storeWith(() => stamp));
  const before = memo.view()!;
  stamp = 's2';
  const after = memo.view()!;
  before.set('k', 1, 1);
  assert.equal(after.get('k'), undefined);
  assert.equal(memo.view()!.get('k'), undefined);
});

test('without a synchronous stamp (PostgreSQL) nothing is kept', () => {
  assert.equal(new StampedMemo(storeWith(undefined)).view(), undefined);
  assert.equal(new StampedMemo(storeWith(async () => 's1')).view(), undefined);
});

test('at most 50,000 sizes are kept, keys included: a value that would pass the bound drops what was kept', () => {
  const memo = new StampedMemo(storeWith(() => 's1'));
  const view = () => memo.view()!;
  view().set('x', 'small', 1);
  view().set('a', 'large', 30_000);
  assert.equal(view().get('x'), 'small');
  assert.equal(view().get('a'), 'large');
  view().set('e', 'large too', 30_000);
  assert.equal(view().get('e'), 'large too');
  assert.equal(view().get('a'), undefined);
  assert.equal(view().get('x'), undefined);
});
