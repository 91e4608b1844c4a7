import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { UsageError } from '../../src/cli/options.js';
import { serveConfig } from '../../src/cli/serve.js';
import { manualClock } from '../support/clock.js';
import { parseRateWindows, type RateLimitOptions } from '../../src/platform/rate-limit.js';
import { issueTenantToken } from '../support/callers.js';
import type { TestDatabase } from '../support/databases.js';
import { acme, DEFAULT_NOW, describeEachDatabase, fixtureDatabase, globex, helpdeskHeader, sdkClient, sdkFailure } from '../support/kefu.js';
import { machineRedisUrl, withoutRedis } from '../support/redis.js';

/** 250 ms into a second, 15 s into a minute: the reset header then has a known value. */
const LIMITER_START = Date.parse('2026-11-25T02:00:15.250Z');

interface LimitedKefu {
  baseUrl: string;
  app: FastifyInstance;
  /** The rate limiter's time source. */
  time: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

async function startLimitedKefu(db: TestDatabase, rateLimit: RateLimitOptions | false, redisUrl?: string, time = manualClock(LIMITER_START)): Promise<LimitedKefu> {
  const app = await buildApp({ database: db.database, clock: manualClock(DEFAULT_NOW), rateLimit: rateLimit && { now: time.now, ...rateLimit }, redisUrl });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl, app, time, close: () => app.close() };
}

/** A GET as raw fetch, for the headers the SDK does not show. */
function call(path: string, baseUrl: string, token: string, helpdesk = acme.helpdesk) {
  return fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(helpdesk.helpDeskId, helpdesk.helpDeskToken) },
  });
}

/** Counted against the special limit. */
const listSkills = (baseUrl: string, token: string, helpdesk = acme.helpdesk) => call('/open-apis/helpdesk/v1/agent_skills', baseUrl, token, helpdesk);
/** Counted against the ticket list's own limit (seed 003). */
const listTickets = (baseUrl: string, token: string) => call('/open-apis/helpdesk/v1/tickets?page_size=1', baseUrl, token);

async function statuses(calls: number, call: () => Promise<Response>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < calls; i++) result.push((await call()).status);
  return result;
}

const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describeEachDatabase('rate limits', (dialect) => {
  let db: TestDatabase;
  before(async () => (db = await fixtureDatabase(dialect)));
  after(() => db.dispose());

  describe('a small special limit on agent_skills', () => {
    let kefu: LimitedKefu;
    let token: string;
    before(async () => {
      kefu = await startLimitedKefu(db, { limits: { special: parseRateWindows('3/s,5/min') } });
      token = await issueTenantToken(kefu.baseUrl, acme.app);
    });
    after(() => kefu.close());

    test('the fourth call in a second is 429 / 99991400 in the envelope, with the x-ogw headers; the SDK sees it too', async () => {
      const client = sdkClient(kefu.baseUrl, acme.app);
      for (let i = 0; i < 3; i++) assert.equal((await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential())).code, 0);
      const failure = await sdkFailure(client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential()));
      assert.equal(failure.status, 429);
      assert.equal(failure.body.code, 99991400);
      assert.deepEqual(failure.body.data, {});
      assert.match(failure.body.msg, /request trigger frequency limit/);

      const raw = await listSkills(kefu.baseUrl, token);
      assert.equal(raw.status, 429);
      assert.equal(raw.headers.get('x-ogw-ratelimit-limit'), '3');
      // 250 ms into the second: the window ends in 750 ms, announced as 1 s.
      assert.equal(raw.headers.get('x-ogw-ratelimit-reset'), '1');
      assert.ok(raw.headers.get('x-tt-logid'));
    });

    test('the next second allows more, until the minute\'s limit; refused calls did not use the minute up', async () => {
      kefu.time.advance(1000);
      // Three calls passed in the first second; the minute allows five, so two more pass now.
      assert.deepEqual(await statuses(2, () => listSkills(kefu.baseUrl, token)), [200, 200]);
      const refused = await listSkills(kefu.baseUrl, token);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('x-ogw-ratelimit-limit'), '5');
      // At 16.25 s into the minute, the minute ends in 43.75 s.
      assert.equal(refused.headers.get('x-ogw-ratelimit-reset'), '44');
      kefu.time.advance(44_000);
      assert.deepEqual(await statuses(4, () => listSkills(kefu.baseUrl, token)), [200, 200, 200, 429]);
    });

    test('each app and helpdesk pair has its own count', async () => {
      kefu.time.advance(60_000);
      assert.deepEqual(await statuses(4, () => listSkills(kefu.baseUrl, token)), [200, 200, 200, 429]);
      const readonlyToken = await issueTenantToken(kefu.baseUrl, acme.readonlyApp);
      assert.deepEqual(await statuses(4, () => listSkills(kefu.baseUrl, readonlyToken)), [200, 200, 200, 429]);
      const globexToken = await issueTenantToken(kefu.baseUrl, globex.app);
      assert.deepEqual(await statuses(4, () => listSkills(kefu.baseUrl, globexToken, globex.helpdesk)), [200, 200, 200, 429]);
    });

    test('the ticket list keeps its own limit, counted apart from the special one', async () => {
      kefu.time.advance(60_000);
      assert.deepEqual(await statuses(4, () => listSkills(kefu.baseUrl, token)), [200, 200, 200, 429]);
      assert.deepEqual(new Set(await statuses(10, () => listTickets(kefu.baseUrl, token))), new Set([200]));
      assert.equal((await listSkills(kefu.baseUrl, token)).status, 429);
    });

    test('calls refused before a caller is known are never 429, and the token endpoint is not limited', async () => {
      kefu.time.advance(60_000);
      const bad = await statuses(6, () => listSkills(kefu.baseUrl, 't-not-a-token'));
      assert.deepEqual(new Set(bad), new Set([400]));
      for (let i = 0; i < 6; i++) assert.ok(await issueTenantToken(kefu.baseUrl, acme.app));
    });
  });

  describe('the ticket list: 50 a second and 1,000 a minute (seed 003)', () => {
    let kefu: LimitedKefu;
    let token: string;
    before(async () => {
      kefu = await startLimitedKefu(db, {});
      token = await issueTenantToken(kefu.baseUrl, acme.app);
    });
    after(() => kefu.close());

    test('both hold: 50 pass in each second, and after 1,000 in the minute nothing passes until it ends', async () => {
      let passed = 0;
      for (let second = 0; second < 21; second++) {
        const burst = await Promise.all(Array.from({ length: 60 }, () => listTickets(kefu.baseUrl, token).then((r) => r.status)));
        assert.equal(count(burst, 200) + count(burst, 429), 60);
        assert.equal(count(burst, 200), second < 20 ? 50 : 0, `second ${second}`);
        passed += count(burst, 200);
        kefu.time.advance(1000);
      }
      assert.equal(passed, 1000);
      const refused = await listTickets(kefu.baseUrl, token);
      assert.equal(refused.headers.get('x-ogw-ratelimit-limit'), '1000');
      const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.app).helpdesk.ticket.list({ params: { page_size: 1 } }, lark.withHelpDeskCredential()));
      assert.deepEqual([failure.status, failure.body.code], [429, 99991400]);
      kefu.time.advance(60_000);
      assert.equal((await listTickets(kefu.baseUrl, token)).status, 200);
    });
  });

  test('without rate limits (--rate-limit off) nothing is refused', async () => {
    const kefu = await startLimitedKefu(db, false);
    try {
      const token = await issueTenantToken(kefu.baseUrl, acme.app);
      const burst = await Promise.all(Array.from({ length: 80 }, () => listSkills(kefu.baseUrl, token).then((r) => r.status)));
      assert.equal(count(burst, 200), 80);
    } finally {
      await kefu.close();
    }
  });

  describe('through Redis', { skip: withoutRedis() }, () => {
    // Two apps in this process, each with its own Redis connection, so the clock can be moved by hand; separate
    // processes sharing a count are test/multi-process/two-processes.test.ts.
    test('two apps, each with its own Redis connection, share one count', async () => {
      const prefix = `kefu-test:${randomBytes(6).toString('hex')}:`;
      const limits = { limits: { special: parseRateWindows('4/s') }, redisPrefix: prefix };
      const time = manualClock(LIMITER_START);
      const one = await startLimitedKefu(db, limits, machineRedisUrl, time);
      const two = await startLimitedKefu(db, limits, machineRedisUrl, time);
      try {
        await waitFor(() => one.app.kefu.redis!.up && two.app.kefu.redis!.up);
        const token = await issueTenantToken(one.baseUrl, acme.app);
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push((await listSkills(one.baseUrl, token)).status, (await listSkills(two.baseUrl, token)).status);
        assert.deepEqual(answers, [200, 200, 200, 200, 429, 429]);
      } finally {
        await one.close();
        await two.close();
      }
    });
  });

  test('with Redis unreachable, limits are counted per process and every call is answered', async () => {
    const kefu = await startLimitedKefu(db, { limits: { special: parseRateWindows('2/s') } }, 'redis://127.0.0.1:1');
    try {
      const token = await issueTenantToken(kefu.baseUrl, acme.app);
      assert.deepEqual(await statuses(3, () => listSkills(kefu.baseUrl, token)), [200, 200, 429]);
      const health = (await (await fetch(`${kefu.baseUrl}/healthz`)).json()) as Record<string, string>;
      assert.equal(health.redis, 'unreachable');
      assert.equal(health.rate_limits, 'per-process');
    } finally {
      await kefu.close();
    }
  });
});

describe('kefu serve: --special-rate-limit and --redis-prefix', () => {
  test('read from the flag or its environment variable, the flag first', () => {
    assert.deepEqual(serveConfig(['--special-rate-limit', '20/s,600/min']).specialRateLimit, [
      { max: 20, windowMs: 1000 },
      { max: 600, windowMs: 60_000 },
    ]);
    process.env.KEFU_SPECIAL_RATE_LIMIT = '5/s';
    process.env.KEFU_REDIS_PREFIX = 'team-a:';
    try {
      assert.deepEqual(serveConfig([]).specialRateLimit, [{ max: 5, windowMs: 1000 }]);
      assert.equal(serveConfig([]).redisPrefix, 'team-a:');
      assert.equal(serveConfig(['--redis-prefix', 'team-b:']).redisPrefix, 'team-b:');
    } finally {
      delete process.env.KEFU_SPECIAL_RATE_LIMIT;
      delete process.env.KEFU_REDIS_PREFIX;
    }
    assert.equal(serveConfig([]).specialRateLimit, undefined);
  });

  test('a bad limit is a usage error naming the flag', () => {
    assert.throws(() => serveConfig(['--special-rate-limit', '50/day']), (e: Error) => e instanceof UsageError && /--special-rate-limit: "50\/day"/.test(e.message));
  });
});

describe('parseRateWindows', () => {
  test('reads limits per second, minute and hour, shortest window first', () => {
    assert.deepEqual(parseRateWindows('1000/min, 50/s'), [
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
    assert.deepEqual(parseRateWindows('10/h'), [{ max: 10, windowMs: 3_600_000 }]);
  });

  test('refuses anything else, naming the part at fault', () => {
    for (const bad of ['', '50', '50/day', '0/s', '-1/s', '50/s,']) assert.throws(() => parseRateWindows(bad), /is not a limit/, bad);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), 'condition never became true');
}
