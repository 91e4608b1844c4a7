// A delivery's push goes out through node:http with kept-alive connections instead of fetch (cheaper per request).
// The receiver must see the very request fetch sent, and the delivery log must say what it said with fetch, for
// an answer and for each way a receiver can fail: both are compared here with fetch itself, on real sockets.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import type { EventEnvelope } from '../../src/events/envelope.js';
import { postSigned, webhookChannel } from '../../src/events/webhook-channel.js';
import type { EventSubscription } from '../../src/repositories/event-subscriptions-repository.js';

const clock = { now: () => 1764036000000 };
const envelope: EventEnvelope = {
  schema: '2.0',
  header: { event_id: 'a'.repeat(32), event_type: 'helpdesk.ticket.created_v1', create_time: '1764036000000', token: 'vt', app_id: 'cli_a000000000000001', tenant_key: 't1' },
  event: { ticket_id: '7000000000000000001', guest: { id: { open_id: 'ou_1' }, name: '顾明' } },
};
const subscription = (request_url: string, encrypt_key: string | null = null): EventSubscription => ({
  app_id: 'cli_a000000000000001', mode: 'webhook', request_url, encrypt_key, verification_token: 'vt', event_types: ['helpdesk.ticket.created_v1'], updated_at: 0,
});

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/events`;
}

test("a push's request has fetch's headers, in fetch's order, and the same body; pushes share one kept-alive connection", async () => {
  const requests: { names: string[]; values: Record<string, string>; body: string; socket: Socket }[] = [];
  const server = createHttpServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const names = req.rawHeaders.filter((_, i) => i % 2 === 0);
      requests.push({ names, values: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket });
      res.end('{}');
    });
  });
  const url = await listening(server);
  try {
    const viaFetch = await postSigned(url, envelope, { encrypt_key: 'key-1' }, clock, 3000);
    const channel = webhookChannel(clock);
    const first = await channel.deliver(subscription(url, 'key-1'), envelope);
    const second = await channel.deliver(subscription(url, 'key-1'), envelope);
    assert.deepEqual([viaFetch.delivered, first.delivered, second.delivered], [true, true, true]);
    assert.deepEqual([first.outcome, first.http_status], ['HTTP 200', 200]);
    const [fetched, pushed, again] = requests;
    assert.deepEqual(pushed.names, fetched.names);
    for (const name of ['host', 'connection', 'content-type', 'accept', 'accept-language', 'sec-fetch-mode', 'user-agent', 'accept-encoding']) {
      assert.equal(pushed.values[name], fetched.values[name], name);
    }
    // The same envelope encrypted with another IV: the same length, and the signature is over the body sent.
    assert.equal(pushed.values['content-length'], fetched.values['content-length']);
    assert.equal(pushed.body.length, fetched.body.length);
    assert.equal(again.socket, pushed.socket, 'the second push reused the first one\'s connection');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

/** A receiver that misbehaves on every request, on a bare socket. */
const failures: Record<string, (socket: Socket) => void> = {
  'closes without answering': (s) => s.once('data', () => s.end()),
  'resets the connection': (s) => s.once('data', () => s.resetAndDestroy()),
  'answers something not HTTP': (s) => s.once('data', () => s.end('HELLO\r\n\r\n')),
  'breaks off in the middle of its answer': (s) =>
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab');
      setTimeout(() => s.destroy(), 20);
    }),
  'answers 500': (s) => s.once('data', () => s.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n')),
  'does not answer in time': () => undefined,
};

for (const [name, behave] of Object.entries(failures)) {
  test(`a receiver that ${name}: the attempt is described as fetch described it`, async () => {
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
      behave(s);
    });
    const url = await listening(server);
    try {
      const { answer: _, ...viaFetch } = await postSigned(url, envelope, { encrypt_key: null }, clock, 300);
      const pushed = await pushWithin(url, 300);
      assert.equal(viaFetch.delivered, false);
      assert.deepEqual(pushed, viaFetch);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
}

test('nothing listening: refused, as fetch says', async () => {
  const server = createServer();
  const url = await listening(server);
  server.close();
  const { answer: _, ...viaFetch } = await postSigned(url, envelope, { encrypt_key: null }, clock, 1000);
  assert.deepEqual(await pushWithin(url, 1000), viaFetch);
  assert.deepEqual([viaFetch.outcome, viaFetch.error], ['ECONNREFUSED', 'refused']);
});

/** The channel's push with a shorter time limit than a delivery's 3 s (the outcome names the limit). */
async function pushWithin(url: string, timeoutMs: number) {
  const result = await webhookChannel(clock, timeoutMs).deliver(subscription(url), envelope);
  return result;
}
