// The webhook request byte for byte as the official SDK reads it: its AESCipher decrypts the body to the envelope
// Kefu sent, and its EventDispatcher accepts Kefu's signature and refuses a tampered one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { nextAttemptAt } from '../../src/events/retry-schedule.js';
import { webhookRequest } from '../../src/events/webhook-request.js';

const envelope = {
  schema: '2.0',
  header: { event_id: 'a'.repeat(32), event_type: 'helpdesk.ticket.created_v1', create_time: '1764036000000', token: 'vt', app_id: 'cli_a000000000000001', tenant_key: 't1' },
  event: { ticket_id: '7000000000000000001', guest: { id: { open_id: 'ou_1' }, name: '顾明' }, stage: 2 },
};
const randomness = { timestamp: 1764036000, nonce: '950646929', iv: Buffer.alloc(16, 7) };

/** What adaptDefault hands the dispatcher: the parsed body, with the request headers on its prototype. */
async function sdkHandles(request: { body: string; headers: Record<string, string> }, encryptKey?: string): Promise<any> {
  let handled: any;
  const dispatcher = new lark.EventDispatcher({ encryptKey, loggerLevel: lark.LoggerLevel.fatal }).register({
    'helpdesk.ticket.created_v1': async (data: unknown) => {
      handled = data;
    },
  } as any);
  await dispatcher.invoke(Object.assign(Object.create({ headers: request.headers }), JSON.parse(request.body)));
  return handled;
}

test('without an encrypt key: the body is the envelope as JSON.stringify writes it, signed with an empty key', async () => {
  const request = webhookRequest(envelope, { encrypt_key: null }, randomness);
  assert.equal(request.body, JSON.stringify(envelope));
  assert.equal(request.headers['x-lark-request-timestamp'], '1764036000');
  assert.equal(request.headers['x-lark-request-nonce'], '950646929');
  assert.match(request.headers['x-lark-signature'], /^[0-9a-f]{64}$/);
  const handled = await sdkHandles(request);
  assert.equal(handled.event_id, envelope.header.event_id);
  assert.equal(handled.guest.name, '顾明');
});

test('with an encrypt key: the body is exactly {"encrypt"}, the SDK decrypts the envelope and accepts the signature', async () => {
  const request = webhookRequest(envelope, { encrypt_key: 'key-1' }, randomness);
  const body = JSON.parse(request.body);
  assert.deepEqual(Object.keys(body), ['encrypt']);
  assert.equal(request.body, JSON.stringify(body));
  assert.equal(new lark.AESCipher('key-1').decrypt(body.encrypt), JSON.stringify(envelope));
  assert.deepEqual(Buffer.from(body.encrypt, 'base64').subarray(0, 16), randomness.iv);
  const handled = await sdkHandles(request, 'key-1');
  assert.equal(handled.ticket_id, envelope.event.ticket_id);
  assert.equal(handled.token, 'vt');
});

test('the SDK refuses a push whose signature, timestamp or key does not match: Kefu\'s signature is what lets it through', async () => {
  const request = webhookRequest(envelope, { encrypt_key: 'key-1' }, randomness);
  const tampered = (headers: Record<string, string>) => sdkHandles({ body: request.body, headers: { ...request.headers, ...headers } }, 'key-1');
  assert.equal(await tampered({ 'x-lark-signature': '0'.repeat(64) }), undefined);
  assert.equal(await tampered({ 'x-lark-request-timestamp': '1764036001' }), undefined);
  assert.equal(await sdkHandles(request, 'key-2'), undefined);
});

test("retries follow Feishu's 15 s, 5 min, 1 h, 6 h after the previous attempt, then none", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => nextAttemptAt(n, 1000)), [16_000, 301_000, 3_601_000, 21_601_000, undefined]);
});
