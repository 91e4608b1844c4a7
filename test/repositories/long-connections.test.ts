// Which process claims an app's long-connection deliveries: one holding a connection of the app, or anyone when no
// connection is alive anywhere (to fail them), never a process while another holds the app's connections. And the
// per-app limit counted in the transaction that records a connection.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { addEvent } from '../../src/events/outbox.js';
import type { Store } from '../../src/services/store.js';
import type { TestDatabase } from '../support/databases.js';
import { longConnectionDeliveryStore } from '../support/delivery-store.js';
import { acme, DEFAULT_NOW, describeEachDatabase } from '../support/kefu.js';

const now = DEFAULT_NOW;
/** Wall-clock time of the connection rows (independent of the API clock). */
const wall = 1_000_000;

describeEachDatabase('LongConnectionsRepository and the claim of held deliveries', (dialect) => {
  let db: TestDatabase;
  let store: Store;
  const postgres = dialect === 'postgres';
  beforeEach(async () => {
    ({ db, store } = await longConnectionDeliveryStore(dialect, now));
    await store.write((repos) => addEvent(repos, { event_type: 'helpdesk.ticket.created_v1', tenant_key: 'acme', helpdesk_id: acme.helpdesk.helpDeskId, ticket_id: 'T', create_time: now, event: {} }));
  });
  afterEach(() => db.dispose());

  const claim = (apps: string[], aliveAfter = wall) =>
    store.write((repos) => repos.deliveries.claim(now, now + 30_000, ['webhook'], 50, postgres, { mode: 'long_connection', apps, aliveAfter }));
  const open = (connection_id: string, limit = 50) =>
    store.write((repos) => repos.longConnections.open({ connection_id, app_id: acme.app.appId, opened_at: wall, alive_until: wall + 30_000 }, limit, wall, postgres));

  test('a process that holds no connection leaves the delivery to the one that does; that one claims it', async () => {
    assert.equal(await open('c1'), true);
    assert.deepEqual(await claim([]), [], 'another process holds the app: not ours');
    const mine = await claim([acme.app.appId]);
    assert.deepEqual(mine.map((d) => d.app_id), [acme.app.appId]);
  });

  test('when no connection is alive anywhere (closed, or its process stopped beating) anyone claims it, to fail it', async () => {
    assert.equal(await open('c1'), true);
    assert.equal((await claim([], wall + 30_000)).length, 1, 'the heartbeat is past: the connection is gone');
  });

  test('a closed connection is no longer counted; the limit is counted among live connections only', async () => {
    assert.equal(await open('c1', 2), true);
    assert.equal(await open('c2', 2), true);
    assert.equal(await open('c3', 2), false);
    await store.repos.longConnections.close(['c1']);
    assert.equal(await store.repos.longConnections.liveCount(acme.app.appId, wall), 1);
    assert.equal(await open('c3', 2), true);
    // The heartbeat keeps this process's rows and removes the dead ones.
    await store.repos.longConnections.heartbeat(['c2'], wall + 60_000, wall + 40_000);
    assert.equal(await store.repos.longConnections.liveCount(acme.app.appId, wall + 40_000), 1);
    assert.equal(await store.repos.longConnections.isKnown('c3'), false);
  });
});
