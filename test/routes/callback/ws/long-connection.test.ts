// Events over the long connection, judged by the official SDK's unmodified lark.WSClient as the receiving app:
// every field of each helpdesk event, acks, retries of an event its handler threw on, a Kefu restart, split
// messages, and cluster mode (each event to one connection of the app).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../../../support/callers.js';
import { until } from '../../../support/event-receiver.js';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../../../support/kefu.js';
import { humanTicketLife, kefuOk, outbox, userToken } from '../../../support/lifecycle.js';
import { startWsApp, type WsApp } from '../../../support/ws-app.js';

const VERIFICATION_TOKEN = 'vt-acme-ws';
const ALL_PAIRS = [
  { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
  { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
  { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
];
const TYPES = ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'];
/** Pings every second and reconnects at once: the SDK adopts what Kefu sends. */
const FAST = { clientConfig: { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } };

describeEachDatabase('events over the long connection (WSClient)', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  const apps: WsApp[] = [];
  beforeEach(async () => {
    kefu = await startKefu(dialect, { longConnection: FAST });
    client = sdkClient(kefu.baseUrl, acme.app);
    const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    await kefuOk(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, { mode: 'long_connection', verification_token: VERIFICATION_TOKEN, event_types: TYPES });
    await client.helpdesk.event.subscribe({ data: { events: ALL_PAIRS } }, lark.withHelpDeskCredential());
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) a.close();
    await kefu.close();
  });

  const connect = async () => {
    const app = startWsApp(kefu.baseUrl, acme.app);
    apps.push(app);
    await app.ready;
    return app;
  };
  const log = async (status?: string) => {
    const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    return (await kefuOk(kefu, 'GET', `/kefu/v1/apps/${acme.app.appId}/events${status ? `?status=${status}` : ''}`, tenant)).events as any[];
  };
  const ticketLife = () => humanTicketLife(kefu, client);

  test('WSClient with only domain, appId and appSecret receives each ticket event with every field, acked and logged delivered', async () => {
    const ws = await connect();
    await ticketLife();
    const expected = ['helpdesk.ticket.created_v1', 'helpdesk.ticket_message.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'];
    await until(() => ws.handled.length >= expected.length, 'four events handled');
    assert.deepEqual(ws.handled.map((h) => h.type), expected);
    // What a handler gets is the v2 envelope flattened ({schema, ...header, ...event}): compare with the outbox.
    const stored = await outbox(kefu);
    await until(async () => (await log('delivered')).length === 4, 'four deliveries recorded');
    const delivered = await log('delivered');
    ws.handled.forEach((h, i) => {
      const header = { event_id: delivered[i].event_id, event_type: stored[i].event_type, create_time: String(stored[i].create_time), token: VERIFICATION_TOKEN, app_id: acme.app.appId, tenant_key: 'acme' };
      assert.deepEqual(JSON.parse(JSON.stringify(h.data)), { schema: '2.0', ...header, ...stored[i].event });
    });
    assert.equal(ws.handled[1].data.text, 'On it');
    assert.equal(ws.handled[1].data.position, '1');
    assert.deepEqual([ws.handled[2].data.object.status, ws.handled[2].data.old_object.status], [2, 1]);
    assert.deepEqual(await log('pending'), []);
    assert.ok(delivered.every((d) => d.last_outcome === 'ack {"code":200}' && d.attempts === 1));
  });

  test('an event whose handler threw is acked 500, retried 15 s later with the same event_id, then delivered', async () => {
    const ws = await connect();
    ws.failNext(1);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(async () => (await log('pending'))[0]?.attempts === 1, 'the failed attempt recorded');
    const [pending] = await log('pending');
    assert.equal(pending.last_outcome, 'ack {"code":500} (the handler failed)');
    assert.equal(Number(pending.next_attempt_at), kefu.clock.now() + 15_000);
    kefu.clock.advance(14_999);
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.equal(ws.handled.length, 1, 'not again before 15 s');
    kefu.clock.advance(1);
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.equal(ws.handled.length, 2);
    assert.equal(ws.handled[1].data.event_id, ws.handled[0].data.event_id);
    const [delivered] = await log('delivered');
    assert.deepEqual([delivered.event_id, delivered.attempts], [pending.event_id, 2]);
  });

  test('with no connection open anywhere an attempt fails, and is retried on the schedule once the app is connected', async () => {
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(async () => (await log('pending'))[0]?.attempts === 1, 'the first attempt recorded');
    assert.equal((await log('pending'))[0].last_outcome, 'no open long connection');
    const ws = await connect();
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.equal(ws.handled.length, 0, 'the retry is due 15 s after the attempt');
    kefu.clock.advance(15_000);
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.deepEqual(ws.handled.map((h) => h.type), ['helpdesk.ticket.created_v1']);
  });

  test('WSClient survives a Kefu restart: it reconnects by itself and gets the event committed while Kefu was down', async () => {
    const ws = await connect();
    const port = Number(new URL(kefu.baseUrl).port);
    const down = kefu.app.kefu;
    await kefu.app.close();
    // Committed while no server runs, through the same database (as another process would).
    const helpdesk = (await down.store.repos.helpdesks.find(acme.helpdesk.helpDeskId))!;
    const { ticket } = await down.lifecycle.start(helpdesk, { guest_id: acme.plain, human_service: true, channel: 9 });
    kefu = await startKefu(dialect, { db: kefu.db, port, now: kefu.clock.now(), longConnection: FAST });
    await until(() => ws.reconnects() >= 1, 'WSClient reconnected');
    // The restarted server's first attempt may run before the client is back: then the retry 15 s on brings it.
    await until(async () => ws.handled.length === 1 || (await log('pending'))[0]?.attempts === 1, 'the first attempt made');
    if (ws.handled.length === 0) {
      kefu.clock.advance(15_000);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
    assert.deepEqual(ws.handled.map((h) => [h.type, h.data.ticket_id]), [['helpdesk.ticket.created_v1', ticket.row.ticket_id]]);
  });

  test('cluster mode: with two connections each event goes to one of them, and both take a share', async () => {
    const [one, two] = [await connect(), await connect()];
    for (const guest of [acme.plain, acme.guestLi, acme.guestZhang, acme.carol]) {
      await client.helpdesk.ticket.startService({ data: { open_id: guest, human_service: true } }, lark.withHelpDeskCredential());
    }
    await until(async () => (await log('delivered')).length === 4, 'four events delivered');
    const ids = [...one.handled, ...two.handled].map((h) => h.data.event_id);
    assert.equal(ids.length, 4);
    assert.equal(new Set(ids).size, 4);
    assert.ok(one.handled.length > 0 && two.handled.length > 0, `${one.handled.length} and ${two.handled.length}`);
  });
});

describeEachDatabase('large events over the long connection', (dialect) => {
  test('an event larger than a frame goes in parts that WSClient joins into the same event', async () => {
    const partBytes = 256;
    const kefu = await startKefu(dialect, { longConnection: { ...FAST, partBytes } });
    const ws = startWsApp(kefu.baseUrl, acme.app);
    try {
      const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
      await kefuOk(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, { mode: 'long_connection', verification_token: VERIFICATION_TOKEN, event_types: TYPES });
      const client = sdkClient(kefu.baseUrl, acme.app);
      await client.helpdesk.event.subscribe({ data: { events: ALL_PAIRS } }, lark.withHelpDeskCredential());
      await ws.ready;
      const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
      const text = `顾明的问题 ${'x'.repeat(2000)}`;
      await kefuOk(kefu, 'POST', `/kefu/v1/chats/${started.data!.chat_id}/messages`, await userToken(kefu, acme.plain), { msg_type: 'text', content: JSON.stringify({ text }) });
      await until(() => ws.handled.length === 2, 'both events');
      const [, message] = await outbox(kefu);
      assert.ok(JSON.stringify(message.event).length > 8 * partBytes, 'the event needs several frames');
      assert.equal(ws.handled[1].data.text, text);
      assert.equal(ws.handled[1].data.ticket_message_id, message.event.ticket_message_id);
    } finally {
      ws.close();
      await kefu.close();
    }
  });
});
