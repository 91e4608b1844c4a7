// Event delivery across real processes, judged by the official SDK as the receiving app (lark.EventDispatcher behind
// adaptDefault): a `kefu serve` SIGKILLed between commit and delivery delivers after its restart, in the ticket's
// order; two processes on one PostgreSQL deliver every event, none twice in the same attempt.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { runKefuAsync, serveKefu, type ServingKefu } from '../support/child.js';
import { scratchPgDatabase, withoutPostgres } from '../support/databases.js';
import { acme, DEFAULT_NOW, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall } from '../support/lifecycle.js';
import { HANDLED_TYPES, startReceiver, until, type Receiver } from '../support/event-receiver.js';

const VERIFICATION_TOKEN = 'vt-acme-processes';
const ALICE_TOKEN = 'u-acme-alice-events-0001';
const ALL_PAIRS = [
  { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
  { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
  { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
];
const subscription = (url: string) => ({ mode: 'webhook', request_url: url, verification_token: VERIFICATION_TOKEN, event_types: [...HANDLED_TYPES] });
const subscribe = (client: lark.Client) => client.helpdesk.event.subscribe({ data: { events: ALL_PAIRS } }, lark.withHelpDeskCredential());
const advance = (baseUrl: string, advance_ms: number) =>
  fetch(`${baseUrl}/kefu/v1/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms }) }).then((r) => r.json());

describeEachDatabase('event delivery: SIGKILL between commit and delivery', (dialect) => {
  let dir: string;
  let receiver: Receiver;
  let kefu: ServingKefu | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'kefu-events-kill-'))));
  afterEach(async () => {
    await kefu?.stop('SIGKILL');
    await receiver.close();
    await dropDatabase?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the killed attempt and the events committed behind it are delivered after the restart, in the ticket\'s order', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    const fixture = structuredClone(exampleFixture) as any;
    const tenant = fixture.tenants.find((t: any) => t.tenant_key === 'acme');
    tenant.apps.find((a: any) => a.app_id === acme.app.appId).event_subscription = subscription(receiver.url);
    tenant.users.find((u: any) => u.open_id === acme.alice).access_tokens = [{ app_id: acme.app.appId, token: ALICE_TOKEN }];
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fixture));
    let db = join(dir, 'kefu.db');
    if (dialect === 'postgres') {
      const scratch = await scratchPgDatabase('kefu_events_kill');
      db = scratch.url;
      dropDatabase = scratch.drop;
    }
    // A frozen clock: the killed attempt's lease (30 s) runs out only when the test moves it.
    const args = ['--db', db, '--fixture', join(dir, 'fixture.json'), '--now', new Date(DEFAULT_NOW).toISOString(), '--rate-limit', 'off', '--log-level', 'warn'];
    kefu = await serveKefu(args);
    const client = sdkClient(kefu.baseUrl, acme.app);
    assert.equal((await subscribe(client)).code, 0);

    // The receiver takes the created event and never answers; the agent's reply commits two more events behind it.
    receiver.holdNext(1);
    const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => receiver.pushes.length === 1, 'the created event pushed');
    const reply = await fetch(`${kefu.baseUrl}/kefu/v1/tickets/${started.data!.ticket_id}/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_TOKEN}`, 'x-lark-helpdesk-authorization': Buffer.from(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`).toString('base64'), 'content-type': 'application/json' },
      body: JSON.stringify({ msg_type: 'text', content: { text: 'On it' } }),
    });
    assert.equal(reply.status, 200, await reply.clone().text());
    await kefu.stop('SIGKILL');

    const pending = await runKefuAsync(['events', 'list', '--status', 'pending', '--db', db]);
    assert.equal(pending.status, 0, pending.stderr);
    const lines = pending.stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split('  ').slice(2, 4)), [['pending', '0 attempts'], ['pending', '0 attempts'], ['pending', '0 attempts']]);
    assert.equal(lines[0].split('  ')[0], receiver.pushes[0].header.event_id);

    kefu = await serveKefu(args);
    // The dead process's lease holds the created event, and the ticket's later events wait for its first attempt.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(receiver.pushes.length, 1, 'nothing of the ticket before its created event');
    await advance(kefu.baseUrl, 30_000);
    await until(() => receiver.handled.length === 3, 'three events handled', 30_000);
    assert.deepEqual(receiver.handled.map((h) => h.type), ['helpdesk.ticket.created_v1', 'helpdesk.ticket_message.created_v1', 'helpdesk.ticket.updated_v1']);
    assert.equal(receiver.pushes[1].header.event_id, receiver.pushes[0].header.event_id, 'the killed attempt is made again with its event_id');
    assert.equal(new Set(receiver.pushes.map((p) => p.header.event_id)).size, 3);
    await until(async () => (await runKefuAsync(['events', 'list', '--status', 'delivered', '--db', db])).stdout.trim().split('\n').length === 3, 'three delivered', 60_000);
  });
});

describe('event delivery: two processes on one PostgreSQL', { skip: withoutPostgres }, () => {
  let kefu: RunningKefu;
  let second: ServingKefu;
  let receiver: Receiver;
  afterEach(async () => {
    await second?.stop();
    await kefu.close();
    await receiver.close();
  });

  test('every event is delivered, none twice in the same attempt, when both claim the same retries at once', async () => {
    const fixture = structuredClone(exampleFixture) as any;
    const guests = Array.from({ length: 30 }, (_, i) => `ou_e${i.toString(16).padStart(31, '0')}`);
    fixture.tenants.find((t: any) => t.tenant_key === 'acme').users.push(...guests.map((open_id, i) => ({ open_id, name: `Guest ${i}` })));
    kefu = await startKefu('postgres', { fixture });
    // The second process on the same frozen instant, so both agree on what is due.
    second = await serveKefu(['--db', kefu.db.url, '--now', new Date(DEFAULT_NOW).toISOString(), '--rate-limit', 'off', '--log-level', 'warn']);
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    assert.equal((await kefuCall(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, subscription(receiver.url))).status, 200);
    const clients = [sdkClient(kefu.baseUrl, acme.app), sdkClient(second.baseUrl, acme.app)];
    // Subscribing through both also gives each client its tenant token before the burst (the SDK would otherwise
    // ask for one per call in flight).
    for (const client of clients) assert.equal((await subscribe(client)).code, 0);

    // Every first attempt fails; 30 guests' tickets are opened through both processes at once.
    receiver.failNext(Infinity);
    await Promise.all(
      guests.map((open_id, i) => clients[i % 2].helpdesk.ticket.startService({ data: { open_id, human_service: true } }, lark.withHelpDeskCredential())),
    );
    const deliveries = () => kefu.app.kefu.events.operations.list(undefined, undefined, 1000);
    await until(async () => (await deliveries()).every((d) => d.attempts === 1), 'every first attempt recorded', 30_000);
    assert.equal((await deliveries()).length, guests.length);

    // Both processes reach the retries' time together and claim from the same due rows.
    receiver.failNext(0);
    kefu.clock.advance(15_000);
    await Promise.all([kefu.app.kefu.events.dispatcher.runDue(), advance(second.baseUrl, 15_000)]);
    await until(async () => (await deliveries()).every((d) => d.status === 'delivered'), 'every event delivered', 30_000);

    const all = await deliveries();
    const seen = new Map<string, number>();
    for (const p of receiver.pushes) seen.set(p.header.event_id, (seen.get(p.header.event_id) ?? 0) + 1);
    for (const d of all) {
      assert.equal(d.attempt_history.length, 2, `${d.event_id}: a failed first attempt and one retry`);
      assert.equal(seen.get(d.event_id), 2, `${d.event_id}: pushed once per attempt`);
    }
    assert.equal(receiver.handled.length, guests.length);
    assert.deepEqual(new Set(receiver.handled.map((h) => h.data.guest.id.open_id)), new Set(guests));
  });
});
