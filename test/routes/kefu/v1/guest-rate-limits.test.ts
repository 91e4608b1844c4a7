import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../../../src/app.js';
import { loadFixture } from '../../../../src/fixtures/load-fixture.js';
import { manualClock } from '../../../../src/platform/clock.js';
import { freshDatabase } from '../../../support/databases.js';
import { acme, DEFAULT_NOW, exampleFixture } from '../../../support/kefu.js';

test("with Feishu's rate limits on (as kefu serve runs), the guest API answers: it has no helpdesk to count against", async () => {
  const db = await freshDatabase('sqlite');
  const clock = manualClock(DEFAULT_NOW);
  const app = await buildApp({ database: db.database, clock, rateLimit: {} });
  try {
    await loadFixture(app.kefu.store, exampleFixture, clock.now());
    const auth = { authorization: `Bearer ${acme.plainUserToken}` };
    const start = await app.inject({ method: 'POST', url: `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, headers: auth, payload: {} });
    assert.equal(start.json().code, 0, start.body);
    const chats = await app.inject({ method: 'GET', url: '/kefu/v1/chats', headers: auth });
    assert.equal(chats.statusCode, 200, chats.body);
    assert.equal(chats.json().data.chats.length, 1);
  } finally {
    await app.close();
    await db.dispose();
  }
});
