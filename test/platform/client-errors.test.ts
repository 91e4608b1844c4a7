// Requests Node's HTTP parser refuses, on a connection that already carried answers: a client keeping connections
// alive (every SDK does) must get the envelope too, not a cut socket.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startKefu, type RunningKefu } from '../support/kefu.js';

interface Answer {
  status: number;
  logId: string | undefined;
  body: any;
  reusedSocket: boolean;
}

function get(agent: Agent, baseUrl: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, logId: res.headers['x-tt-logid'] as string | undefined, body: JSON.parse(text), reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('parser-level refusals on a kept-alive connection', () => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu('sqlite')));
  after(() => kefu.close());

  test('a request line past 16 KiB after an ordinary answer on the same socket is 431/154000 with the envelope', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, kefu.baseUrl, '/healthz');
      assert.equal(first.status, 200);
      const refused = await get(agent, kefu.baseUrl, `/open-apis/helpdesk/v1/tickets?guest_name=${'a'.repeat(17_000)}`);
      assert.equal(refused.reusedSocket, true, 'the second request went over the first one\'s connection');
      assert.equal(refused.status, 431);
      assert.equal(refused.body.code, 154000);
      assert.deepEqual(refused.body.data, {});
      assert.equal(refused.body.error.log_id, refused.logId);
    } finally {
      agent.destroy();
    }
  });

  test('a malformed request line after an answer on the same raw connection is 400/154000 with the envelope', async () => {
    const { hostname, port } = new URL(kefu.baseUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!/^HTTP\/1\.1 200 [^]*\r\n\r\n\{[^]*\}$/.test(received)) await new Promise((r) => socket.once('data', r));
    const answered = received.length;
    // A raw control byte in the target, which fetch and node:http refuse to send.
    socket.write('GET /open-apis/helpdesk/v1/agent_skills?a=\u0001 HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    const second = received.slice(answered);
    assert.match(second, /^HTTP\/1\.1 400 /);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4));
    assert.equal(body.code, 154000);
    assert.deepEqual(body.data, {});
    assert.equal(body.error.log_id, /x-tt-logid: (\S+)/i.exec(second)?.[1]);
  });
});
