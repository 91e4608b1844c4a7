import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadFixture } from '../../src/fixtures/load-fixture.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { acme, DEFAULT_NOW, describeEachDatabase, exampleFixture, globex, sdkClient, sdkFailure } from '../support/kefu.js';
import { manualClock } from '../support/clock.js';

/** One sample of the text format: `name{a="x",b="y"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A small parser of Prometheus's text format (comments skipped; label values without escaped quotes). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of match[2]?.matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g) ?? []) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include these; 0 when there is none yet. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

describeEachDatabase('GET /metrics', (dialect) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  before(async () => {
    db = await freshDatabase(dialect);
    const clock = manualClock(DEFAULT_NOW);
    // The ticket list allows two calls an hour here, so the third is rate-limited.
    app = await buildApp({ database: db.database, clock, rateLimit: { limits: { 'ticket-list': [{ max: 2, windowMs: 3_600_000 }] }, now: () => DEFAULT_NOW } });
    await loadFixture(app.kefu.store, exampleFixture, clock.now());
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app.close();
    await db.dispose();
  });

  async function scrape(): Promise<Sample[]> {
    const res = await fetch(`${baseUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parseMetrics(await res.text());
  }

  test('answers without credentials: process metrics, and every Kefu family is declared', async () => {
    const res = await fetch(`${baseUrl}/metrics`);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.ok(valueOf(parseMetrics(text), 'process_resident_memory_bytes') > 0);
    for (const family of ['kefu_http_requests_total', 'kefu_http_request_duration_seconds', 'kefu_rate_limited_requests_total', 'kefu_read_cache_hits_total',
      'kefu_read_cache_misses_total', 'kefu_event_outbox_depth', 'kefu_queued_tickets']) {
      assert.match(text, new RegExp(`^# TYPE ${family} `, 'm'), family);
    }
    assert.equal(text.includes('kefu_db_pool_connections'), dialect === 'postgres', 'pool use is reported on PostgreSQL only');
  });

  test('requests count by route pattern, status and Feishu code; latency by route; rate-limited requests apart', async () => {
    const client = sdkClient(baseUrl, acme.app);
    const skillRoute = { route: '/open-apis/helpdesk/v1/agent_skills/:agent_skill_id', method: 'GET' };
    const listRoute = { route: '/open-apis/helpdesk/v1/tickets', method: 'GET' };
    const before = await scrape();
    const skills = await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    const skillId = skills.data!.agent_skills![0]!.id!;
    await client.helpdesk.agentSkill.get({ path: { agent_skill_id: skillId } }, lark.withHelpDeskCredential());
    await client.helpdesk.agentSkill.get({ path: { agent_skill_id: skillId } }, lark.withHelpDeskCredential());
    const unknown = await sdkFailure(client.helpdesk.agentSkill.get({ path: { agent_skill_id: 'no-such-skill' } }, lark.withHelpDeskCredential()));
    assert.equal(unknown.status >= 400, true);
    const lists = [];
    for (let i = 0; i < 3; i++) lists.push(await sdkFailure(client.helpdesk.ticket.list({ params: { page_size: 10 } }, lark.withHelpDeskCredential())));
    assert.deepEqual(lists.map((l) => l.status), [200, 200, 429]);
    await fetch(`${baseUrl}/no/such/path/12345`);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    assert.equal(moved('kefu_http_requests_total', { ...skillRoute, status: '200', code: '0' }), 2);
    assert.equal(moved('kefu_http_requests_total', { ...skillRoute, status: String(unknown.status), code: String(unknown.body.code) }), 1);
    assert.equal(moved('kefu_http_requests_total', { ...listRoute, status: '200', code: '0' }), 2);
    assert.equal(moved('kefu_http_requests_total', { ...listRoute, status: '429', code: '99991400' }), 1);
    assert.equal(moved('kefu_rate_limited_requests_total', listRoute), 1);
    assert.equal(moved('kefu_http_requests_total', { route: 'unmatched', status: '404' }), 1);
    assert.equal(moved('kefu_http_request_duration_seconds_count', skillRoute), 3);
    assert.equal(moved('kefu_http_request_duration_seconds_bucket', { ...skillRoute, le: '+Inf' }), 3);
    assert.ok(moved('kefu_http_request_duration_seconds_sum', skillRoute) > 0);
    // The raw URL never becomes a label: no series names the skill id.
    assert.equal(after.some((s) => Object.values(s.labels).some((v) => v.includes(skillId) || v.includes('12345'))), false);
  });

  test('read-cache hits and misses move as the skill list is answered from memory or loaded', async () => {
    const client = sdkClient(baseUrl, globex.app, globex.helpdesk);
    const before = await scrape();
    for (let i = 0; i < 3; i++) await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    const after = await scrape();
    const hits = valueOf(after, 'kefu_read_cache_hits_total') - valueOf(before, 'kefu_read_cache_hits_total');
    const misses = valueOf(after, 'kefu_read_cache_misses_total') - valueOf(before, 'kefu_read_cache_misses_total');
    if (dialect === 'sqlite') assert.deepEqual({ hits, misses }, { hits: 2, misses: 1 });
    else {
      // PostgreSQL's stamp also moves with other databases' commits on the same server (other suites running beside
      // this one), so how the three split between hits and misses is the server's business; each was counted once.
      assert.equal(hits + misses, 3);
      assert.ok(misses >= 1);
    }
  });

  test('a queued ticket moves the queue of its helpdesk and the outbox depth, read at scrape time', async () => {
    const client = sdkClient(baseUrl, acme.app);
    const before = await scrape();
    assert.equal(valueOf(before, 'kefu_queued_tickets', { helpdesk_id: globex.helpdesk.helpDeskId }), 0);
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true, appointed_agents: [acme.bob] } }, lark.withHelpDeskCredential());
    assert.match(res.data!.ticket_id!, /^\d+$/);
    const after = await scrape();
    const queue = (samples: Sample[]) => valueOf(samples, 'kefu_queued_tickets', { helpdesk_id: acme.helpdesk.helpDeskId });
    // The example world queues nothing: the one queued ticket is this one, and the acme tickets it already held are not counted.
    assert.deepEqual([queue(before), queue(after)], [0, 1]);
    assert.ok(after.some((s) => s.name === 'kefu_queued_tickets' && s.labels.helpdesk_id === globex.helpdesk.helpDeskId), 'a helpdesk with no queue is named with 0');
    assert.equal(valueOf(after, 'kefu_event_outbox_depth') - valueOf(before, 'kefu_event_outbox_depth'), 1);
  });

  if (dialect === 'postgres') {
    test('pool use: the pool size and connections by state', async () => {
      const samples = await scrape();
      assert.equal(valueOf(samples, 'kefu_db_pool_connections', { state: 'max' }), 5, 'the test databases open pools of 5');
      assert.equal(valueOf(samples, 'kefu_db_pool_connections', { state: 'waiting' }), 0);
      assert.ok(valueOf(samples, 'kefu_db_pool_connections', { state: 'idle' }) + valueOf(samples, 'kefu_db_pool_connections', { state: 'in_use' }) >= 1);
    });
  }
});

describeEachDatabase('metrics off', (dialect) => {
  test('no /metrics route, and nothing counted', async () => {
    const db = await freshDatabase(dialect);
    const app = await buildApp({ database: db.database, metrics: false });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
      assert.equal(app.kefu.metrics, undefined);
    } finally {
      await app.close();
      await db.dispose();
    }
  });
});
