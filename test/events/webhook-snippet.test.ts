// docs/events.md's webhook receiver, run exactly as printed (a node process of its own, on port 3000 as the page
// says), receives a ticket's events from Kefu with the subscription the page shows.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { projectRoot } from '../support/child.js';
import { acme, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall, kefuOk, userToken } from '../support/lifecycle.js';
import { until } from '../support/event-receiver.js';

/** The page's first js block after its "Receiving them with the official SDK" paragraph. */
function printedReceiver(): string {
  const page = readFileSync(join(projectRoot, 'docs', 'events.md'), 'utf8');
  const after = page.slice(page.indexOf('Receiving them with the official SDK'));
  const block = /```js\n([\s\S]*?)```/.exec(after);
  assert.ok(block, 'docs/events.md prints the receiver');
  return block[1];
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

describeEachDatabase('the webhook receiver printed in docs/events.md', (dialect) => {
  let kefu: RunningKefu;
  let dir: string;
  afterEach(async () => {
    await kefu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('run as printed, it answers the challenge and its handlers print the ticket\'s events', async () => {
    kefu = await startKefu(dialect);
    dir = mkdtempSync(join(tmpdir(), 'kefu-snippet-'));
    writeFileSync(join(dir, 'receiver.mjs'), printedReceiver());
    symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
    const receiver = spawn(process.execPath, ['receiver.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    receiver.stdout.on('data', (d) => (out += d));
    receiver.stderr.on('data', (d) => (out += d));
    try {
      await until(() => listening(3000), 'the receiver listening on 3000', 60_000);
      const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
      // The subscription of the page's PUT, with the page's URL, key and token.
      const put = await kefuCall(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, {
        mode: 'webhook', request_url: 'http://127.0.0.1:3000/events', encrypt_key: 'my-key', verification_token: 'my-token',
        event_types: ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const client = sdkClient(kefu.baseUrl, acme.app);
      await client.helpdesk.event.subscribe({ data: { events: [
        { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
        { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
        { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
      ] } }, lark.withHelpDeskCredential());

      const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
      const ticket_id = started.data!.ticket_id!;
      await kefuOk(kefu, 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, await userToken(kefu, acme.alice), { msg_type: 'text', content: { text: 'On it' } }, true);
      await until(() => /update 2/.test(out), 'the update printed');
      assert.match(out, new RegExp(`ticket ${ticket_id} 1\\n`));
      assert.match(out, /message On it\n/);
      assert.match(out, /update 2 \{[^}]*status: 1/);
    } finally {
      receiver.kill();
      await new Promise((resolve) => receiver.once('exit', resolve));
    }
  });
});
