// Claiming deliveries: a lease keeps an attempt to one claimer, and a ticket's events are first attempted in the
// order they happened (a later one waits until the earlier one's first attempt has finished).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Store } from '../../src/services/store.js';
import type { TestDatabase } from '../support/databases.js';
import { longConnectionDeliveryStore } from '../support/delivery-store.js';
import { acme, DEFAULT_NOW, describeEachDatabase } from '../support/kefu.js';
import { addEvent } from '../../src/events/outbox.js';

// A long-connection subscription: no channel of this round claims it, so only the test does.
const MODES = ['long_connection'];
const now = DEFAULT_NOW;

describeEachDatabase('EventDeliveriesRepository.claim', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    ({ db, store } = await longConnectionDeliveryStore(dialect, now));
  });
  afterEach(() => db.dispose());

  const event = (ticket_id: string) => ({ event_type: 'helpdesk.ticket.created_v1', tenant_key: 'acme', helpdesk_id: acme.helpdesk.helpDeskId, ticket_id, create_time: now, event: { ticket_id } });
  const claim = (at: number) => store.write((repos) => repos.deliveries.claim(at, at + 30_000, MODES, 50, dialect === 'postgres'));
  const tickets = (claimed: { ticket_id: string | null }[]) => claimed.map((c) => c.ticket_id);

  test("one first attempt per ticket at a time, in the ticket's order; a leased delivery is nobody else's", async () => {
    await store.write(async (repos) => {
      for (const t of ['A', 'A', 'B', 'A']) await addEvent(repos, event(t));
    });
    const first = await claim(now);
    assert.deepEqual(tickets(first), ['A', 'B']);
    assert.deepEqual(await claim(now), [], 'leased, and the later A events wait for the first');

    // A's first attempt failed (a retry in 15 s): its next event may now be attempted, the retry only when due.
    await store.write((repos) => repos.deliveries.finish(first[0].event_id, now + 30_000, { status: 'pending', at: now, next_attempt_at: now + 15_000, last_outcome: 'HTTP 500' }));
    const second = await claim(now);
    assert.deepEqual(tickets(second), ['A']);
    assert.equal(second[0].seq > first[0].seq, true);
    // At 15 s the retry is due; the third A still waits for the second's first attempt.
    const retry = await claim(now + 15_000);
    assert.deepEqual(retry.map((c) => [c.event_id, c.attempts]), [[first[0].event_id, 1]]);
  });

  test('a lease that passed (its process died) is claimed again', async () => {
    await store.write((repos) => addEvent(repos, event('A')));
    const [leased] = await claim(now);
    assert.deepEqual(await claim(now + 29_999), []);
    const [again] = await claim(now + 30_000);
    assert.equal(again.event_id, leased.event_id);
  });
});
