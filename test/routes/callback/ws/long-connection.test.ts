// Events over the long connection, judged by the official SDK's unmodified lark.WSClient as the receiving app:
// every field of each helpdesk event, acks, retries of an event its handler threw on, a Kefu restart, split
// messages, and cluster mode (each event to one connection of the app).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../../../support/callers.js';
import { until } from '../../../support/event-receiver.js';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../../../support/kefu.js';
import { kefuOk, outbox, userToken } from '../../../support/lifecycle.js';
import { startWsApp, type WsApp } from '../../../support/ws-app.js';

const VERIFICATION_TOKEN = 'vt-acme-ws';
const ALL_PAIRS = [
  { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
  { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
  { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
];
const TYPES = ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'];
/** Pings every second and reconnects at once: the SDK adopts what Kefu sends. */
export const FAST = { clientConfig: { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } };

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
  /** A human ticket, an agent's reply and a guest's message: created, message, updated (1 -> 2), message. */
  async function ticketLife(): Promise<string> {
    const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    const ticket_id = started.data!.ticket_id!;
    await kefuOk(kefu, 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, await userToken(kefu, acme.alice), { msg_type: 'text', content: { text: 'On it' } }, true);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${started.data!.chat_id}/messages`, await userToken(kefu, acme.plain), { msg_type: 'text', content: '{"text":"thanks"}' });
    return ticket_id;
  }

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
});
