// The guests a guest_name search matches are read once per needle while the database stands still, read anew after
// any change, never kept on a database without a stamp, and never more than the bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GuestNames } from '../../src/services/guest-names.js';
import type { Store } from '../../src/services/store.js';

function fakeStore(stamp: (() => string | Promise<string>) | undefined, matches: (needle: string) => string[]) {
  const reads: string[] = [];
  const store = {
    database: { changeStamp: stamp },
    repos: { tickets: { guestsNamed: async (_helpdesk: string, needle: string) => (reads.push(needle), matches(needle)) } },
  } as unknown as Store;
  return { store, reads };
}

const filter = (guest_name: string | undefined) => ({ helpdesk_id: 'h1', guest_name });

test('a needle asked again is answered from memory until the change stamp moves', async () => {
  let stamp = 's1';
  const { store, reads } = fakeStore(() => stamp, (needle) => [`guest of ${needle}`]);
  const names = new GuestNames(store);
  assert.deepEqual(await names.of(filter('li')), ['guest of li']);
  assert.deepEqual(await names.of(filter('li')), ['guest of li']);
  assert.deepEqual(await names.of({ ...filter('li'), helpdesk_id: 'h2' }), ['guest of li']);
  assert.deepEqual(reads, ['li', 'li'], 'one read per helpdesk and needle');
  stamp = 's2';
  await names.of(filter('li'));
  assert.deepEqual(reads, ['li', 'li', 'li']);
  assert.equal(await names.of(filter(undefined)), undefined);
});

test('without a synchronous stamp (PostgreSQL) nothing is kept: the repository reads the guests itself', async () => {
  for (const stamp of [undefined, async () => 's1']) {
    const { store, reads } = fakeStore(stamp, () => ['g']);
    assert.equal(await new GuestNames(store).of(filter('li')), undefined);
    assert.deepEqual(reads, []);
  }
});

test('at most 50,000 guest ids are kept: a needle that would pass the bound drops what was kept', async () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);
  const { store, reads } = fakeStore(() => 's1', (needle) => (needle === 'a' || needle === 'e' ? many(30_000) : ['one']));
  const names = new GuestNames(store);
  await names.of(filter('x'));
  await names.of(filter('a'));
  await names.of(filter('x'));
  assert.deepEqual(reads, ['x', 'a'], 'both kept: 30,003 ids and keys');
  assert.equal((await names.of(filter('e')))?.length, 30_000);
  await names.of(filter('e'));
  await names.of(filter('a'));
  await names.of(filter('x'));
  assert.deepEqual(reads, ['x', 'a', 'e', 'a', 'x'], 'the second 30,000 dropped the first');
});
