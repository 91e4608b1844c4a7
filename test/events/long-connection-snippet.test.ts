// docs/events.md's long-connection snippet, run exactly as printed against `kefu serve --demo`, after the two set-up
// steps the page gives (the subscription in long_connection mode, events/subscribe): it prints the event.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { projectRoot, serveKefu } from '../support/child.js';
import { until } from '../support/event-receiver.js';
import { sdkClient } from '../support/kefu.js';

const demo = {
  app: { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'demo-secret-change-me-0000000000' },
  helpdesk: { helpDeskId: '7000000000000000001', helpDeskToken: 'ht-demo-helpdesk-token' },
  guest: 'ou_000000000000000000000000000000d0',
};

function snippetOf(markdown: string): string {
  const blocks = [...markdown.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const snippet = blocks.find((b) => b.includes('new lark.WSClient('));
  assert.ok(snippet, 'docs/events.md has a WSClient snippet');
  return snippet;
}

test("docs/events.md's WSClient snippet receives the demo helpdesk's events as printed", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-snippet-'));
  const kefu = await serveKefu(['--db', join(dir, 'kefu.db'), '--demo'], { KEFU_LOG_LEVEL: 'warn' });
  const file = join(projectRoot, `.snippet-ws-${process.pid}.mjs`);
  writeFileSync(file, snippetOf(readFileSync(join(projectRoot, 'docs/events.md'), 'utf8')));
  let out = '';
  const app = spawn(process.execPath, [file], { cwd: projectRoot, env: { ...process.env, KEFU_URL: kefu.baseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  app.stdout.on('data', (d) => (out += d));
  app.stderr.on('data', (d) => (out += d));
  try {
    const tenant = await issueTenantToken(kefu.baseUrl, demo.app);
    const put = await fetch(`${kefu.baseUrl}/kefu/v1/apps/${demo.app.appId}/event_subscription`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tenant}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'long_connection', verification_token: 'my-token', event_types: ['helpdesk.ticket.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'] }),
    });
    assert.equal(put.status, 200);
    const client = sdkClient(kefu.baseUrl, demo.app, demo.helpdesk);
    await client.helpdesk.event.subscribe({ data: { events: [
      { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
      { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
      { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
    ] } }, lark.withHelpDeskCredential());
    await until(() => out.includes('ws client ready'), `the snippet connected:\n${out}`);
    // The demo guest, talking to the bot, asks for a human: the ticket moves to the human stage.
    await client.helpdesk.ticket.startService({ data: { open_id: demo.guest, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => /^(ticket \d{19} \d|update \d)/m.test(out), `the snippet printed the event:\n${out}`);
  } finally {
    app.kill();
    rmSync(file, { force: true });
    await kefu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
