// The long connection across processes on one PostgreSQL: the WSClient's connection is held by process B (this
// test's own server), the change is committed through process A (a real `kefu serve`). B's dispatcher never polls
// here, so only PostgreSQL's NOTIFY at A's commit can wake it; A must leave the delivery to B.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { withoutPostgres } from '../support/databases.js';
import { until } from '../support/event-receiver.js';
import { acme, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuOk } from '../support/lifecycle.js';
import { secondProcess, type SecondProcess } from '../support/second-process.js';
import { startWsApp, type WsApp } from '../support/ws-app.js';

const TYPES = ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'];
const PAIRS = [{ type: 'helpdesk.ticket', subtype: 'ticket.created_v1' }, { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' }];

describe('the long connection across two processes on one PostgreSQL', { skip: withoutPostgres }, () => {
  let b: RunningKefu;
  let a: SecondProcess;
  let ws: WsApp;
  before(async () => {
    b = await startKefu('postgres', {
      systemClock: true,
      longConnection: { clientConfig: { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } },
      events: { pollMs: 3_600_000 },
    });
    a = await secondProcess(b);
    const tenant = await issueTenantToken(b.baseUrl, acme.app);
    await kefuOk(b, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, { mode: 'long_connection', verification_token: 'vt', event_types: TYPES });
    await sdkClient(b.baseUrl, acme.app).helpdesk.event.subscribe({ data: { events: PAIRS } }, lark.withHelpDeskCredential());
    ws = startWsApp(b.baseUrl, acme.app);
    await ws.ready;
  });
  after(async () => {
    ws?.close();
    await a?.close();
    await b?.close();
  });

  test('a change committed through A reaches the WSClient connected to B, delivered by B on its first attempt', async () => {
    const client = sdkClient(a.baseUrl, acme.app);
    const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => ws.handled.length === 1, 'the created event at the WSClient');
    assert.equal(ws.handled[0].data.ticket_id, started.data!.ticket_id);
    // A guest's message through A: the next event of the same ticket arrives the same way.
    const guest = (await b.app.kefu.auth.registerUserToken({ app_id: acme.app.appId, open_id: acme.plain })).token;
    const res = await fetch(`${a.baseUrl}/kefu/v1/chats/${started.data!.chat_id}/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${guest}`, 'content-type': 'application/json' }, body: JSON.stringify({ msg_type: 'text', content: '{"text":"from A"}' }),
    });
    assert.equal(res.status, 200);
    await until(() => ws.handled.length === 2, 'the message event at the WSClient');
    assert.equal(ws.handled[1].data.text, 'from A');
    // The handler runs before B has recorded the ack (the record is B's next transaction): wait for the record.
    const tenant = await issueTenantToken(b.baseUrl, acme.app);
    let log: any[] = [];
    const readLog = async () => {
      log = (await kefuOk(b, 'GET', `/kefu/v1/apps/${acme.app.appId}/events`, tenant)).events as any[];
      return log.every((e) => e.status !== 'pending');
    };
    await until(readLog, 'both deliveries recorded by B');
    assert.deepEqual(log.map((e) => [e.status, e.attempts, e.last_outcome]), [['delivered', 1, 'ack {"code":200}'], ['delivered', 1, 'ack {"code":200}']]);
  });
});
