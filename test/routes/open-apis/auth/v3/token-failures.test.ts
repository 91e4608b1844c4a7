// Failed token requests are limited per app_id and per client address: an app secret cannot be guessed as fast as
// the server answers. The counting does not depend on the database: SQLite only.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../../../src/app.js';
import { UsageError } from '../../../../../src/cli/options.js';
import { serveConfig } from '../../../../../src/cli/serve.js';
import { manualClock } from '../../../../support/clock.js';
import { parseRateWindows } from '../../../../../src/platform/rate-limit.js';
import { DEFAULT_TOKEN_FAILURE_LIMITS } from '../../../../../src/platform/token-attempts.js';
import type { TestDatabase } from '../../../../support/databases.js';
import { acme, DEFAULT_NOW, fixtureDatabase, globex } from '../../../../support/kefu.js';
import { withoutRedis } from '../../../../support/redis.js';

/** 15 s into a minute: the reset header then says 45. */
const START = Date.parse('2026-11-25T02:00:15.000Z');

interface Limited {
  baseUrl: string;
  app: FastifyInstance;
  time: ReturnType<typeof manualClock>;
}

async function startLimited(db: TestDatabase, perApp: string, perAddress: string, redis?: { url: string; prefix: string }, time = manualClock(START)): Promise<Limited> {
  const app = await buildApp({
    database: db.database,
    clock: manualClock(DEFAULT_NOW),
    tokenFailureLimits: { limits: { perApp: parseRateWindows(perApp), perAddress: parseRateWindows(perAddress) }, now: time.now, redisPrefix: redis?.prefix },
    redisUrl: redis?.url,
  });
  return { baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }), app, time };
}

async function ask(baseUrl: string, app_id: string, app_secret: string, endpoint = 'tenant_access_token') {
  const res = await fetch(`${baseUrl}/open-apis/auth/v3/${endpoint}/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id, app_secret }),
  });
  const body = (await res.json()) as { code: number; tenant_access_token?: string };
  return { status: res.status, code: body.code, token: body.tenant_access_token, limit: res.headers.get('x-ogw-ratelimit-limit'), reset: res.headers.get('x-ogw-ratelimit-reset') };
}

const codes = async (n: number, call: () => Promise<{ code: number }>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call()).code);
  return out;
};

describe('limits of failed token requests', () => {
  let db: TestDatabase;
  let kefu: Limited;
  before(async () => {
    db = await fixtureDatabase('sqlite');
    kefu = await startLimited(db, '3/min', '6/min');
  });
  after(async () => {
    await kefu.app.close();
    await db.dispose();
  });
  // Each test starts in a minute of its own: every counter is fresh.
  const nextMinute = () => kefu.time.set((Math.floor(kefu.time.now() / 60_000) + 1) * 60_000 + 15_000);

  test('the fourth wrong secret for an app in a minute is 429 / 99991400 with the x-ogw headers; then so is the right one, until the window ends', async () => {
    nextMinute();
    assert.deepEqual(await codes(3, () => ask(kefu.baseUrl, acme.app.appId, 'guess')), [10014, 10014, 10014]);
    const refused = await ask(kefu.baseUrl, acme.app.appId, 'guess');
    assert.deepEqual({ status: refused.status, code: refused.code, limit: refused.limit, reset: refused.reset }, { status: 429, code: 99991400, limit: '3', reset: '45' });
    const right = await ask(kefu.baseUrl, acme.app.appId, acme.app.appSecret);
    assert.equal(right.status, 429, 'a right secret is not confirmed while the app is over its limit');
    assert.equal(right.token, undefined);
    // Another app from the same address is not held back by this one's failures.
    assert.equal((await ask(kefu.baseUrl, acme.readonlyApp.appId, acme.readonlyApp.appSecret)).code, 0);
    kefu.time.advance(45_000);
    assert.equal((await ask(kefu.baseUrl, acme.app.appId, acme.app.appSecret)).code, 0);
  });

  test('successful requests are not counted, and neither are malformed ones', async () => {
    nextMinute();
    assert.deepEqual(new Set(await codes(20, () => ask(kefu.baseUrl, acme.app.appId, acme.app.appSecret))), new Set([0]));
    assert.deepEqual(new Set(await codes(10, () => ask(kefu.baseUrl, acme.app.appId, ''))), new Set([10003]));
    assert.deepEqual(await codes(4, () => ask(kefu.baseUrl, acme.app.appId, 'guess')), [10014, 10014, 10014, 99991400]);
  });

  test('failures spread over many app ids from one address are limited per address', async () => {
    nextMinute();
    const guesses = await codes(7, () => ask(kefu.baseUrl, `cli_${randomBytes(8).toString('hex')}`, 'guess'));
    assert.deepEqual(guesses, [10014, 10014, 10014, 10014, 10014, 10014, 99991400]);
    const refused = await ask(kefu.baseUrl, globex.app.appId, globex.app.appSecret);
    assert.deepEqual([refused.status, refused.limit], [429, '6']);
  });
});

describe('limits of failed token requests shared through Redis', { skip: withoutRedis() }, () => {
  let db: TestDatabase;
  let pair: Limited[];
  before(async () => {
    db = await fixtureDatabase('sqlite');
    const redis = { url: 'redis://127.0.0.1:6379', prefix: `kefu-test:${randomBytes(6).toString('hex')}:` };
    const time = manualClock(START);
    pair = [await startLimited(db, '3/min', '100/min', redis, time), await startLimited(db, '3/min', '100/min', redis, time)];
    for (const p of pair) while (!p.app.kefu.redis!.up) await new Promise((r) => setTimeout(r, 20));
  });
  after(async () => {
    await Promise.all(pair.map((p) => p.app.close()));
    await db.dispose();
  });
  const nextMinute = () => pair[0]!.time.set((Math.floor(pair[0]!.time.now() / 60_000) + 1) * 60_000 + 15_000);

  test('two processes on one Redis count failures together', async () => {
    nextMinute();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask(pair[i % 2]!.baseUrl, acme.app.appId, 'guess')).code);
    assert.deepEqual(answers, [10014, 10014, 10014, 99991400]);
  });

  test('guesses sent all at once cannot pass together: no more than the limit are checked', async () => {
    nextMinute();
    // Connections opened beforehand, so that the guesses arrive together rather than one connection at a time.
    await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${pair[i % 2]!.baseUrl}/healthz`).then((r) => r.arrayBuffer())));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(pair[i % 2]!.baseUrl, acme.readonlyApp.appId, 'guess', 'app_access_token')));
    assert.equal(answers.filter((a) => a.code === 10014).length, 3);
    assert.equal(answers.filter((a) => a.code === 99991400).length, 17);
  });
});

describe('kefu serve: --token-failures-per-app and --token-failures-per-address', () => {
  test('default to 10 and 30 a minute; read from the flag or its environment variable; off turns one off', () => {
    assert.deepEqual(serveConfig([]).tokenFailureLimits, DEFAULT_TOKEN_FAILURE_LIMITS);
    assert.deepEqual(DEFAULT_TOKEN_FAILURE_LIMITS, { perApp: [{ max: 10, windowMs: 60_000 }], perAddress: [{ max: 30, windowMs: 60_000 }] });
    process.env.KEFU_TOKEN_FAILURES_PER_ADDRESS = '100/h';
    try {
      assert.deepEqual(serveConfig(['--token-failures-per-app', '5/min,20/h']).tokenFailureLimits, {
        perApp: [
          { max: 5, windowMs: 60_000 },
          { max: 20, windowMs: 3_600_000 },
        ],
        perAddress: [{ max: 100, windowMs: 3_600_000 }],
      });
      assert.deepEqual(serveConfig(['--token-failures-per-address', 'off']).tokenFailureLimits.perAddress, []);
    } finally {
      delete process.env.KEFU_TOKEN_FAILURES_PER_ADDRESS;
    }
    assert.throws(() => serveConfig(['--token-failures-per-app', 'ten']), (e: Error) => e instanceof UsageError && /--token-failures-per-app/.test(e.message));
  });
});
