import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/connect.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { describeEachDatabase } from '../support/kefu.js';
import { freePort } from '../support/redis.js';

describeEachDatabase('GET /healthz and GET /readyz', (dialect) => {
  let db: TestDatabase;
  before(async () => (db = await freshDatabase(dialect)));
  after(() => db.dispose());

  async function get(baseUrl: string, path: string) {
    const res = await fetch(`${baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  test('answer without credentials, and say only states: no address, no secret', async () => {
    const app = await buildApp({ database: db.database, rateLimit: {} });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const health = await get(baseUrl, '/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok', rate_limits: 'per-process', redis: 'not configured', events: { pending: 0, delivered: 0, failed: 0 } });
      const ready = await get(baseUrl, '/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.body, { status: 'ready', database: 'up', redis: 'not configured' });
    } finally {
      await app.close();
    }
  });

  test('with rate limits off, /healthz says so', async () => {
    const app = await buildApp({ database: db.database });
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(res.json().rate_limits, 'off');
    } finally {
      await app.close();
    }
  });

  test('Redis away: still alive and ready (limits per process), and both say Redis is unreachable', async () => {
    const app = await buildApp({ database: db.database, rateLimit: {}, redisUrl: `redis://127.0.0.1:${await freePort()}` });
    try {
      const health = (await app.inject({ method: 'GET', url: '/healthz' })).json();
      assert.deepEqual(health, { status: 'ok', rate_limits: 'per-process', redis: 'unreachable', events: { pending: 0, delivered: 0, failed: 0 } });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().redis, 'unreachable');
    } finally {
      await app.close();
    }
  });

  test('the database gone: /readyz is 503 not ready, /healthz still 200', async () => {
    const own = await openDatabase(db.url);
    const app = await buildApp({ database: own });
    try {
      await own.close();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.deepEqual(ready.json(), { status: 'not ready', database: 'down', redis: 'not configured' });
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.equal(health.json().events, undefined, 'no counts without the database');
    } finally {
      await app.close();
    }
  });
});
