// kefu trigger: a guest and an agent played from a shell against a running Kefu, seen through what Kefu recorded.
// It is an HTTP client only, so one database (SQLite) is enough; the routes it calls are tested on both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startKefu, type RunningKefu } from '../../src/index.js';
import { kefuBin } from '../support/child.js';

/** kefu trigger as a child that does not block this process (the server it calls runs here). */
function trigger(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kefuBin, 'trigger', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KEFU_URL: '', KEFU_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let kefu: RunningKefu;
before(async () => {
  kefu = await startKefu({ now: '2026-11-25T02:00:00Z' });
});
after(() => kefu.close());

test('a guest starts, writes and closes, and an agent replies, each from the shell', async () => {
  const guestToken = kefu.credentials.userTokens.ou_guest_1;
  const started = await trigger(['start-service', '--url', kefu.url, '--token', guestToken, '--helpdesk', kefu.credentials.helpDeskId, '--human']);
  assert.equal(started.status, 0, started.stderr);
  const { chat_id, ticket_id } = JSON.parse(started.stdout);
  assert.match(chat_id, /^oc_[0-9a-f]{32}$/);

  const said = await trigger(['guest-message', '--chat', chat_id, '--text', 'My VPN is down'], { KEFU_URL: kefu.url, KEFU_TOKEN: guestToken });
  assert.equal(said.status, 0, said.stderr);
  assert.match(JSON.parse(said.stdout).message_id, /^om_/);
  const event: any = await kefu.events.next('helpdesk.ticket_message.created_v1');
  assert.deepEqual([event.event.text, event.event.chat_id, event.event.ticket.ticket_id], ['My VPN is down', chat_id, ticket_id]);

  const agent = (kefu.events.all()[0].event as any).agents[0].id.open_id;
  const replied = await trigger([
    'agent-reply', '--url', kefu.url, '--token', kefu.credentials.userTokens[agent], '--ticket', ticket_id, '--text', 'Restarting the gateway',
    '--helpdesk-id', kefu.credentials.helpDeskId, '--helpdesk-token', kefu.credentials.helpDeskToken,
  ]);
  assert.equal(replied.status, 0, replied.stderr);

  const closed = await trigger(['close', '--url', kefu.url, '--token', guestToken, '--chat', chat_id, '--score', '3']);
  assert.deepEqual([closed.status, JSON.parse(closed.stdout)], [0, { ticket_id }]);
  assert.deepEqual(await kefu.guest('ou_guest_1').texts(), ['My VPN is down', 'Restarting the gateway']);

  const again = await trigger(['close', '--url', kefu.url, '--token', guestToken, '--chat', chat_id]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^kefu: POST \/kefu\/v1\/chats\/oc_[0-9a-f]+\/close: HTTP 400, code 154000: /);
});

test('a missing flag is a usage error (2); a Kefu that does not answer is named (1)', async () => {
  const noToken = await trigger(['guest-message', '--url', kefu.url, '--chat', 'oc_x', '--text', 'hi']);
  assert.deepEqual([noToken.status, noToken.stderr.trim()], [2, 'kefu: kefu trigger needs --token (the user_access_token of the guest or agent; kefu token prints one)']);
  const noText = await trigger(['guest-message', '--url', kefu.url, '--chat', 'oc_x', '--token', 'u-x']);
  assert.deepEqual([noText.status, noText.stderr.trim()], [2, 'kefu: kefu trigger guest-message needs --text']);
  const away = await trigger(['guest-message', '--url', `http://127.0.0.1:${await closedPort()}`, '--chat', 'oc_x', '--text', 'hi', '--token', 'u-x']);
  assert.equal(away.status, 1);
  assert.match(away.stderr, /^kefu: cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
});
