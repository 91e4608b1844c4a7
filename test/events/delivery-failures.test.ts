// Delivery when things fail, judged by the official SDK as the receiving app (lark.EventDispatcher behind
// adaptDefault): the receiver away for an hour of test-clock time, and an operator finding failed events and
// redelivering them with `kefu events` while the server runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { kefuBin, runKefuAsync } from '../support/child.js';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall, kefuOk, userToken } from '../support/lifecycle.js';
import { HANDLED_TYPES, startReceiver, until, type Receiver } from '../support/event-receiver.js';
import type { DeliveryItem } from '../../src/schemas/events.js';

const VERIFICATION_TOKEN = 'vt-acme-failures';
const ALL_PAIRS = [
  { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
  { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
  { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
];
const MINUTE = 60_000;

describeEachDatabase('event delivery when the receiver fails', (dialect) => {
  let kefu: RunningKefu;
  let receiver: Receiver;
  afterEach(async () => {
    await kefu.close();
    await receiver.close();
  });

  /** Kefu with acme's app subscribed to every ticket event of its helpdesk, pushing to a fresh SDK receiver. */
  async function subscribed(now?: number): Promise<lark.Client> {
    kefu = await startKefu(dialect, now === undefined ? {} : { now });
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    const put = await kefuCall(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, {
      mode: 'webhook', request_url: receiver.url, verification_token: VERIFICATION_TOKEN, event_types: [...HANDLED_TYPES],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const client = sdkClient(kefu.baseUrl, acme.app);
    assert.equal((await client.helpdesk.event.subscribe({ data: { events: ALL_PAIRS } }, lark.withHelpDeskCredential())).code, 0);
    return client;
  }

  /** Every delivery with its attempts, oldest event first (the operator's view: no token to expire with the test clock). */
  const deliveries = (status?: 'pending' | 'delivered' | 'failed'): Promise<DeliveryItem[]> => kefu.app.kefu.events.operations.list(status, undefined, 1000);

  /** Moves the test clock to each next due attempt and runs it, until nothing is pending. */
  async function retryUntilSettled(): Promise<void> {
    for (let pending = await deliveries('pending'); pending.length > 0; pending = await deliveries('pending')) {
      const next = Math.min(...pending.map((d) => Number(d.next_attempt_at)));
      if (next > kefu.clock.now()) kefu.clock.set(next);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
  }

  test('a receiver failing every push for an hour gets every event when it is back: each event_id once per attempt, a ticket\'s first attempts in its order', async () => {
    const client = await subscribed();
    receiver.failNext(Infinity);
    const guests = [acme.plain, acme.guestLi, acme.guestZhang];
    const tickets: { ticket_id: string; chat_id: string; guest: string }[] = [];
    const agent = await userToken(kefu, acme.alice);
    // Changes to three tickets, interleaved over the hour, each run before the clock moves on (retries included).
    const changes: (() => Promise<unknown>)[] = [
      ...guests.map((guest) => async () => {
        const started = await client.helpdesk.ticket.startService({ data: { open_id: guest, human_service: true } }, lark.withHelpDeskCredential());
        tickets.push({ ticket_id: started.data!.ticket_id!, chat_id: started.data!.chat_id!, guest });
      }),
      ...[0, 1, 2, 0, 2].map((t, i) => () =>
        kefuOk(kefu, 'POST', `/kefu/v1/tickets/${tickets[t].ticket_id}/replies`, agent, { msg_type: 'text', content: { text: `reply ${i}` } }, true)),
      ...[1, 0, 2].map((t, i) => async () =>
        kefuOk(kefu, 'POST', `/kefu/v1/chats/${tickets[t].chat_id}/messages`, await userToken(kefu, tickets[t].guest), { msg_type: 'text', content: `{"text":"guest ${i}"}` })),
    ];
    const start = kefu.clock.now();
    for (const change of changes) {
      await change();
      await kefu.app.kefu.events.dispatcher.runDue();
      kefu.clock.advance(5 * MINUTE);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
    // Still failing until the hour is over: every retry due by then is made, and fails.
    while (kefu.clock.now() < start + 60 * MINUTE) {
      kefu.clock.advance(MINUTE);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
    const whileDown = receiver.pushes.length;
    assert.equal(receiver.handled.length, 0);
    assert.deepEqual(await deliveries('delivered'), []);

    receiver.failNext(0);
    await retryUntilSettled();
    const all = await deliveries();
    // created for 3 tickets; a message per reply (5) and an update for each ticket's first (1 -> 2); 3 guest messages.
    assert.equal(all.length, 3 + 5 + 3 + 3);
    assert.deepEqual(all.map((d) => d.status), all.map(() => 'delivered'));

    // Each event once per attempt: the receiver saw each event_id exactly as often as Kefu attempted it.
    const seen = new Map<string, number>();
    for (const p of receiver.pushes) seen.set(p.header.event_id, (seen.get(p.header.event_id) ?? 0) + 1);
    for (const d of all) {
      assert.equal(seen.get(d.event_id), d.attempt_history.length, `pushes of ${d.event_type} ${d.event_id}`);
      assert.deepEqual(d.attempt_history.map((a) => a.outcome), [...d.attempt_history.slice(1).map(() => 'failed'), 'delivered']);
    }
    assert.equal(seen.size, all.length);
    // Back, it got every event once, and the SDK handed each to its handler.
    const afterReturn = receiver.pushes.slice(whileDown).map((p) => p.header.event_id);
    assert.deepEqual([...afterReturn].sort(), all.map((d) => d.event_id).sort());
    assert.equal(receiver.handled.length, all.length);
    // A ticket's events were first attempted in the order they happened.
    const firstPush = (event_id: string) => receiver.pushes.findIndex((p) => p.header.event_id === event_id);
    for (const { ticket_id } of tickets) {
      const ofTicket = all.filter((d) => d.ticket_id === ticket_id);
      assert.equal(ofTicket.length > 3, true);
      const order = ofTicket.map((d) => firstPush(d.event_id));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), `ticket ${ticket_id}: first attempts in the ticket's order`);
    }
  });

  test('`kefu events` lists a failed event and redelivers it (one, then --all-failed) to a running server; `tail` prints each attempt', async () => {
    // The server's test clock starts at the real time: the command redelivers on the real clock.
    const client = await subscribed(Date.now());
    receiver.failNext(Infinity);
    const tail = spawn(process.execPath, [kefuBin, 'events', 'tail', '--db', kefu.db.url, '--interval', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tailed = '';
    let tailErr = '';
    tail.stdout.on('data', (d) => (tailed += d));
    tail.stderr.on('data', (d) => (tailErr += d));
    try {
      await until(() => tailErr.includes('watching'), 'tail started', 60_000);
      for (const guest of [acme.plain, acme.guestLi]) await client.helpdesk.ticket.startService({ data: { open_id: guest, human_service: true } }, lark.withHelpDeskCredential());
      await kefu.app.kefu.events.dispatcher.runDue();
      await retryUntilSettled();
      const failed = await deliveries('failed');
      assert.equal(failed.length, 2);
      assert.equal(receiver.pushes.length, 10, 'five attempts each');
      await until(() => tailed.trim().split('\n').length === 10, 'ten attempts tailed', 30_000);
      for (const d of failed) assert.equal(tailed.split(`${d.event_id}  ${acme.app.appId}  failed  HTTP 500`).length - 1, 5);

      const listed = await runKefuAsync(['events', 'list', '--status', 'failed', '--db', kefu.db.url]);
      assert.equal(listed.status, 0, listed.stderr);
      const lines = listed.stdout.trim().split('\n');
      assert.deepEqual(lines.map((l) => l.split('  ').slice(0, 4)), failed.map((d) => [d.event_id, acme.app.appId, 'failed', '5 attempts']));
      assert.match(lines[0], /helpdesk\.ticket\.created_v1 {2}ticket \d+ {2}HTTP 500/);
      assert.equal((await runKefuAsync(['events', 'list', '--status', 'pending', '--app', acme.app.appId, '--db', kefu.db.url])).stdout, '');

      receiver.failNext(0);
      const one = await runKefuAsync(['events', 'redeliver', failed[0].event_id, '--db', kefu.db.url]);
      assert.equal(one.status, 0, one.stderr);
      assert.match(one.stdout, new RegExp(`^${failed[0].event_id}  ${acme.app.appId}  pending  0 attempts`));
      // The server notices within its poll (a second) and delivers; the other event stays failed.
      await until(() => receiver.handled.length === 1, 'the redelivered event handled', 30_000);
      assert.equal(receiver.pushes.at(-1).header.event_id, failed[0].event_id);
      await until(async () => (await deliveries('delivered')).length === 1, 'the delivery recorded', 30_000);
      assert.deepEqual((await deliveries('failed')).map((d) => d.event_id), [failed[1].event_id]);

      const rest = await runKefuAsync(['events', 'redeliver', '--all-failed', '--db', kefu.db.url]);
      assert.equal(rest.status, 0, rest.stderr);
      assert.equal(rest.stdout, `${failed[1].event_id}\n`);
      await until(async () => (await deliveries('delivered')).length === 2, 'both delivered', 30_000);
      assert.equal(receiver.handled.length, 2);
      await until(() => tailed.includes(`${failed[1].event_id}  ${acme.app.appId}  delivered  HTTP 200`), 'the delivery tailed', 30_000);

      const unknown = await runKefuAsync(['events', 'redeliver', '0'.repeat(32), '--db', kefu.db.url]);
      assert.deepEqual([unknown.status, unknown.stderr], [2, `kefu: no event ${'0'.repeat(32)}\n`]);
      const both = await runKefuAsync(['events', 'redeliver', failed[0].event_id, '--all-failed', '--db', kefu.db.url]);
      assert.equal(both.status, 2);
      assert.equal((await runKefuAsync(['events', 'list', '--status', 'lost', '--db', kefu.db.url])).status, 2);
    } finally {
      tail.kill('SIGINT');
      await new Promise((resolve) => tail.once('exit', resolve));
    }
    assert.equal(tail.exitCode, 0, tailErr);
  });
});
