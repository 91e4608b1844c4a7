// Two `kefu serve` processes on one PostgreSQL schema and one Redis, as a deployment behind a load balancer runs them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acmeHelpdeskHeader, issueTenantToken } from '../support/callers.js';
import { withoutPostgres } from '../support/databases.js';
import { projectRoot, serveKefu, type ServingKefu } from '../support/child.js';
import { acme, asUser, globex, helpdeskHeader, sdkClient } from '../support/kefu.js';
import { emptySchema, type EmptySchema } from '../support/pg-schema.js';
import { machineRedisUrl, withoutRedis, startPrivateRedis, type PrivateRedis } from '../support/redis.js';

const fixture = join(projectRoot, 'fixtures/example.json');
const skip = withoutPostgres || withoutRedis();

/** The pair's hourly limit: above the calls the other tests make with acme's main app, below the burst. */
const HOURLY_LIMIT = 60;
const BURST = 4 * HOURLY_LIMIT;
const WAVE = 20;

/** Waits for the next window when the current one ends within marginMs, so a burst is counted in one window. */
async function awayFromWindowEnd(windowMs: number, marginMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 100));
}

function startPair(dbUrl: string, redisUrl: string, extra: string[] = []): Promise<ServingKefu[]> {
  const args = ['--db', dbUrl, '--fixture', fixture, '--redis', redisUrl, '--redis-prefix', `kefu-test:${randomBytes(6).toString('hex')}:`, '--log-level', 'warn', ...extra];
  return Promise.all([serveKefu(args), serveKefu(args)]);
}

function get(baseUrl: string, path: string, token: string, helpdesk = acmeHelpdeskHeader) {
  return fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdesk },
  });
}

async function health(baseUrl: string): Promise<{ status: string; rate_limits: string; redis: string }> {
  return (await fetch(`${baseUrl}/healthz`)).json() as Promise<{ status: string; rate_limits: string; redis: string }>;
}

/** Polls until every process reports the state; the limit is generous and only bounds a broken run. */
async function untilHealth(processes: ServingKefu[], rateLimits: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const states = await Promise.all(processes.map((p) => health(p.baseUrl)));
    if (states.every((s) => s.rate_limits === rateLimits)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the processes never reported rate_limits ${rateLimits}`);
}

describe('two processes on one PostgreSQL and one Redis', { skip }, () => {
  let schema: EmptySchema;
  let one: ServingKefu;
  let two: ServingKefu;
  before(async () => {
    schema = await emptySchema('kefu_multi');
    [one, two] = await startPair(schema.url, machineRedisUrl, ['--special-rate-limit', `1000/s,${HOURLY_LIMIT}/h`]);
    await untilHealth([one, two], 'shared');
  });
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await schema?.drop();
  });

  test('a tenant token issued by one is honoured by the other', async () => {
    const token = await issueTenantToken(one.baseUrl, acme.app);
    const res = await get(two.baseUrl, '/open-apis/helpdesk/v1/agent_skills', token);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { code: number }).code, 0);
  });

  test('a write through one is read through the other at once', async () => {
    const writer = sdkClient(one.baseUrl, acme.app);
    const reader = sdkClient(two.baseUrl, acme.app);
    await writer.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-japanese' }, data: { agent_skill: { name: 'Japanese (written by one)' } } }, asUser(acme.ownerToken));
    const listed = await reader.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    assert.equal(listed.data!.agent_skills!.find((s) => s.id === 'skill-japanese')!.name, 'Japanese (written by one)');
  });

  test('concurrent writes through both to one skill leave it equal to one complete request, never a mix', async () => {
    const rules = [
      [{ id: '10', selected_operator: 5, operand: { languages: ['ja_jp'] } }],
      [{ id: '12', selected_operator: 8, operand: JSON.stringify({ selected_departments: [{ id: 'od-it', name: 'IT' }] }) }],
    ];
    const agents = [[acme.alice], [acme.bob, acme.carol], [acme.alice, acme.bob, acme.carol]];
    const requests = Array.from({ length: 24 }, (_, i) => ({ name: `Concurrent ${i}`, rules: rules[i % 2]!, agent_ids: agents[i % 3]! }));
    const clients = [sdkClient(one.baseUrl, acme.app), sdkClient(two.baseUrl, acme.app)];
    const answers = await Promise.all(
      requests.map((agent_skill, i) =>
        clients[i % 2]!.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-it' }, data: { agent_skill: agent_skill as any } }, asUser(acme.ownerToken)),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.code)), new Set([0]));

    const skill = (await clients[1]!.helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-it' } }, lark.withHelpDeskCredential())).data!.agent_skill!;
    const winner = requests.find((r) => r.name === skill.name);
    assert.ok(winner, `the name ${skill.name} is none of the requests'`);
    assert.deepEqual([...skill.agent_ids!].sort(), [...winner.agent_ids].sort());
    assert.deepEqual(skill.rules!.map((r) => r.id), winner.rules.map((r) => r.id));
  });

  // An hour's window, so the whole burst falls in one window and the count is exact: two processes counting alone
  // would pass HOURLY_LIMIT each, 2 x HOURLY_LIMIT in all. Each attempt uses an app and helpdesk whose counter no
  // other test touches. A Redis command slower than 250 ms makes a process count alone for a moment, by design
  // (docs/deploy.md); on a loaded machine that can happen mid-burst, and the process logs it. Then the count proves
  // nothing, and the burst is sent again on a fresh counter.
  test(`the limit holds in sum: a burst of ${BURST} through both passes ${HOURLY_LIMIT}, not ${HOURLY_LIMIT} each`, async () => {
    const fallbacks = () => (one.stdout() + two.stdout()).split('redis unreachable').length - 1;
    const attempts = [
      { app: acme.readonlyApp, header: acmeHelpdeskHeader },
      { app: globex.app, header: helpdeskHeader(globex.helpdesk.helpDeskId, globex.helpdesk.helpDeskToken) },
    ];
    for (const [n, { app, header }] of attempts.entries()) {
      const token = await issueTenantToken(one.baseUrl, app);
      await awayFromWindowEnd(3_600_000, 30_000);
      const fallbacksBefore = fallbacks();
      const answers: { target: ServingKefu; status: number; limit: string | null }[] = [];
      // In waves, so that neither process stalls long enough for a Redis command to time out.
      for (let wave = 0; wave < BURST; wave += WAVE) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: WAVE }, (_, i) => {
              const target = i % 2 ? one : two;
              return get(target.baseUrl, '/open-apis/helpdesk/v1/agent_skills', token, header).then((r) => ({ target, status: r.status, limit: r.headers.get('x-ogw-ratelimit-limit') }));
            }),
          )),
        );
      }
      if (fallbacks() > fallbacksBefore && n < attempts.length - 1) continue;
      assert.equal(fallbacks(), fallbacksBefore, `Redis timed out during every attempt:\n${one.stdout()}\n${two.stdout()}`);
      const passed = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      assert.equal(passed.length + refused.length, BURST);
      assert.equal(passed.length, HOURLY_LIMIT);
      assert.ok(refused.every((a) => a.limit === String(HOURLY_LIMIT)));
      // Each process refused some: each saw the other's requests in the count.
      for (const p of [one, two]) assert.ok(refused.some((a) => a.target === p), `${p.baseUrl} refused none`);
      return;
    }
  });

  test('SIGTERM: each finishes its requests, closes its pool and exits 0', async () => {
    assert.deepEqual(await Promise.all([one.stop(), two.stop()]), [0, 0]);
  });
});

describe('two processes when their Redis dies and comes back', { skip }, () => {
  let schema: EmptySchema;
  let redis: PrivateRedis;
  let pair: ServingKefu[];
  before(async () => {
    schema = await emptySchema('kefu_multi');
    redis = await startPrivateRedis();
    // A limit no test call reaches: every answer below must be a 200.
    pair = await startPair(schema.url, redis.url, ['--special-rate-limit', '100000/s']);
    await untilHealth(pair, 'shared');
  });
  after(async () => {
    await Promise.all((pair ?? []).map((p) => p.stop()));
    await redis?.dispose();
    await schema?.drop();
  });

  test('killing Redis mid-run fails no request; /healthz says the limits went per-process, then shared again', async () => {
    const token = await issueTenantToken(pair[0]!.baseUrl, acme.app);
    const statuses: number[] = [];
    let killed: Promise<void> | undefined;
    const drive = async (calls: number, killAfter = Infinity) => {
      for (let i = 0; i < calls; i += 4) {
        // Killed while the next batch is on its way: some requests meet Redis dying under them.
        if (i >= killAfter) killed ??= redis.kill();
        const batch = await Promise.all(pair.flatMap((p) => [get(p.baseUrl, '/open-apis/helpdesk/v1/agent_skills', token), get(p.baseUrl, '/open-apis/helpdesk/v1/agent_skills', token)]));
        statuses.push(...batch.map((r) => r.status));
      }
    };
    await drive(400, 100);
    await killed;
    await drive(100);
    assert.equal(statuses.length, 500);
    assert.deepEqual(new Set(statuses), new Set([200]));
    for (const p of pair) {
      const { status, rate_limits, redis } = await health(p.baseUrl);
      assert.deepEqual({ status, rate_limits, redis }, { status: 'ok', rate_limits: 'per-process', redis: 'unreachable' });
    }

    await redis.restart();
    await untilHealth(pair, 'shared');
    await drive(40);
    assert.deepEqual(new Set(statuses), new Set([200]));
  });
});
