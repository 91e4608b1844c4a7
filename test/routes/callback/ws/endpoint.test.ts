// POST /callback/ws/endpoint and the WebSocket it hands out: the answer the SDK reads, bad credentials as the SDK
// takes them (final, onError), an app id the SDK refuses, a URL not issued by Kefu, and the 50-connection limit.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { WebSocket } from 'ws';
import { until } from '../../../support/event-receiver.js';
import { acme, describeEachDatabase, startKefu, type RunningKefu } from '../../../support/kefu.js';
import { startWsApp, type WsApp } from '../../../support/ws-app.js';

const FAST = { clientConfig: { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } };

describeEachDatabase('POST /callback/ws/endpoint', (dialect) => {
  let kefu: RunningKefu;
  const apps: WsApp[] = [];
  beforeEach(async () => {
    kefu = await startKefu(dialect, { longConnection: FAST });
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) a.close();
    await kefu.close();
  });

  const endpoint = async (body: unknown) => {
    const res = await fetch(`${kefu.baseUrl}/callback/ws/endpoint`, { method: 'POST', headers: { 'content-type': 'application/json', locale: 'zh' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const connections = async () => (await kefu.app.kefu.store.database.db.selectFrom('long_connections').selectAll().execute()).length;
  /** Opens a raw WebSocket; answers 'open', or the refused handshake's status and Handshake-* headers. */
  const dial = (url: string) =>
    new Promise<{ open: true; socket: WebSocket } | { open: false; status: number; headers: Record<string, unknown> }>((resolve) => {
      const socket = new WebSocket(url);
      socket.on('open', () => resolve({ open: true, socket }));
      socket.on('unexpected-response', (_req, res) => resolve({ open: false, status: res.statusCode ?? 0, headers: res.headers }));
      socket.on('error', () => undefined);
    });

  test('the SDK\'s body gets the WebSocket URL on Kefu\'s own port and the whole ClientConfig', async () => {
    const { status, body } = await endpoint({ AppID: acme.app.appId, AppSecret: acme.app.appSecret });
    assert.equal(status, 200);
    assert.equal(body.code, 0);
    assert.deepEqual(body.data.ClientConfig, FAST.clientConfig);
    const url = new URL(body.data.URL);
    assert.equal(`${url.protocol}//${url.host}`, kefu.baseUrl.replace('http:', 'ws:'));
    assert.equal(url.pathname, '/ws/v2');
    // node-sdk reads device_id and service_id with qs.parse over the whole URL: neither may come first.
    assert.deepEqual([...url.searchParams.keys()].slice(0, 1), ['fpid']);
    assert.match(url.searchParams.get('device_id')!, /^\d{19}$/);
    assert.ok(Number.isInteger(Number(url.searchParams.get('service_id'))));
    assert.equal(await connections(), 0, 'asking for a URL opens nothing');
  });

  test('a wrong secret is HTTP 200 with code 514 and data {}: WSClient gives up and tells onError; nothing is recorded', async () => {
    const { status, body } = await endpoint({ AppID: acme.app.appId, AppSecret: 'wrong' });
    assert.equal(status, 200);
    assert.equal(body.code, 514);
    assert.deepEqual(body.data, {});
    assert.match(body.msg, /wrong AppID or AppSecret/);
    const unknown = await endpoint({ AppID: 'cli_ffffffffffffffff', AppSecret: acme.app.appSecret });
    assert.deepEqual([unknown.body.code, unknown.body.msg], [514, body.msg], 'an unknown app answers as a wrong secret');

    const ws = startWsApp(kefu.baseUrl, { appId: acme.app.appId, appSecret: 'wrong' });
    apps.push(ws);
    await until(() => ws.errors.length === 1, 'onError');
    assert.match(ws.errors[0].message, /pullConnectConfig failed: code=514, msg=auth failed: wrong AppID or AppSecret/);
    assert.match(ws.log(), /code: 514/);
    assert.equal(await connections(), 0);
  });

  test('an app id the SDK would refuse is named in a clear 514; a missing field is a 400 naming it', async () => {
    const { body } = await endpoint({ AppID: 'app123', AppSecret: 'x' });
    assert.equal(body.code, 514);
    assert.match(body.msg, /AppID "app123" is not cli_ and 16 hex digits/);
    const missing = await endpoint({ AppID: acme.app.appId });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 154000);
    assert.match(JSON.stringify(missing.body.error), /AppSecret/);
  });

  test('a URL Kefu did not issue, or one changed, is refused at the handshake with Feishu\'s Handshake-* headers', async () => {
    const { body } = await endpoint({ AppID: acme.app.appId, AppSecret: acme.app.appSecret });
    const forged = new URL(body.data.URL);
    forged.searchParams.set('app_id', acme.readonlyApp.appId);
    const refused = await dial(forged.toString());
    assert.equal(refused.open, false);
    if (refused.open) return;
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['handshake-status'], '514');
    assert.match(String(refused.headers['handshake-msg']), /not one POST \/callback\/ws\/endpoint issued/);
    const elsewhere = await dial(body.data.URL.replace('/ws/v2', '/ws/v3'));
    assert.deepEqual([elsewhere.open, !elsewhere.open && elsewhere.status], [false, 404]);
    assert.equal(await connections(), 0);
    // The genuine URL opens, once.
    const genuine = await dial(body.data.URL);
    assert.equal(genuine.open, true);
    if (genuine.open) genuine.socket.terminate();
  });

  test('an app holds at most 50 connections: the 51st WSClient is refused with 1000040350 and gives up', async () => {
    for (let i = 0; i < 50; i++) apps.push(startWsApp(kefu.baseUrl, acme.app));
    await Promise.all(apps.map((a) => a.ready));
    assert.equal(await connections(), 50);
    const extra = startWsApp(kefu.baseUrl, acme.app);
    apps.push(extra);
    await until(() => extra.errors.length === 1, 'onError of the 51st');
    assert.match(extra.errors[0].message, /code=1000040350, msg=exceed connection limit: app cli_a000000000000001 has 50 open long connections/);
    // A URL issued before the limit was reached is refused at the handshake too.
    apps.pop()!.close();
    apps.pop()!.close();
    await until(async () => (await connections()) === 49, 'a connection closed');
    const { body } = await endpoint({ AppID: acme.app.appId, AppSecret: acme.app.appSecret });
    apps.push(startWsApp(kefu.baseUrl, acme.app));
    await apps.at(-1)!.ready;
    const late = await dial(body.data.URL);
    assert.equal(late.open, false);
    if (!late.open) assert.equal(late.headers['handshake-autherrcode'], '1000040350');
    assert.equal(await connections(), 50);
  });
});
