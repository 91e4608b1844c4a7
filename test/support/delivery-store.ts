// A fresh database holding the example fixture, with acme's app subscribed in long_connection mode to the created
// event of acme's helpdesk: the start of the tests of claiming deliveries.
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { subscriptionOf } from '../../src/repositories/event-subscriptions-repository.js';
import { Store } from '../../src/services/store.js';
import { freshDatabase, type TestDatabase } from './databases.js';
import { acme, exampleFixture } from './kefu.js';

export async function longConnectionDeliveryStore(dialect: 'sqlite' | 'postgres', now: number): Promise<{ db: TestDatabase; store: Store }> {
  const db = await freshDatabase(dialect);
  const store = new Store(db.database);
  await loadFixture(store, exampleFixture, now);
  await store.write(async (repos) => {
    await repos.eventSubscriptions.replace(subscriptionOf(acme.app.appId, { mode: 'long_connection', verification_token: 'vt', event_types: ['helpdesk.ticket.created_v1'] }, now));
    await repos.eventSubscriptions.subscribeHelpdesk(acme.app.appId, acme.helpdesk.helpDeskId, ['helpdesk.ticket.created_v1']);
  });
  return { db, store };
}
