// node bin/run-ts.js bench/notification-send.ts [--users 2000] [--db postgres://...]: one notification to every member
// of a tenant of N users, through the official SDK: how long execute_send takes when the send happens in its call
// (one transaction: a bot chat and a card per user), and how fast each user's chat then reads.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import { loadFixture } from '../src/fixtures/load-fixture.js';
import { systemClock } from '../src/platform/clock.js';

const { values } = parseArgs({ options: { users: { type: 'string', default: '2000' }, db: { type: 'string' } } });
const users = Number(values.users);
const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-notify-'));
const database = await openDatabase(values.db ?? join(dir, 'kefu.db'));

const openId = (n: number) => `ou_${n.toString(16).padStart(32, '0')}`;
const owner = openId(1);
const app_id = 'cli_bench00000000001';
const world = {
  tenants: [
    {
      tenant_key: 'bench-notify', name: 'Bench', apps: [{ app_id, app_secret: 'bench-secret', scopes: ['helpdesk:all'] }],
      users: Array.from({ length: users }, (_, i) => ({
        open_id: openId(i + 1), name: `User ${i + 1}`, email: `u${i + 1}@bench.example`, avatar_url: '', department: 'D', department_id: `od-${i % 10}`,
        company_name: 'Bench', city: 'Beijing', country: 'CN', language: 'zh_cn', level: 1, tags: [],
        ...(i === 0 ? { access_tokens: [{ app_id, token: 'u-bench-owner-token' }] } : {}),
      })),
      helpdesks: [{ helpdesk_id: '7100000000000000001', helpdesk_token: 'bench-helpdesk-token', name: 'Bench', time_zone: 'Asia/Shanghai', owner, admins: [], skills: [{ id: 'd', name: 'Default', is_default: true, rules: [], agent_ids: [] }], agents: [], tickets: [] }],
    },
  ],
};

const app = await buildApp({ database, clock: systemClock });
await loadFixture(app.kefu.store, world, Date.now());
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const client = new lark.Client({ appId: app_id, appSecret: 'bench-secret', helpDeskId: '7100000000000000001', helpDeskToken: 'bench-helpdesk-token', domain: baseUrl, loggerLevel: lark.LoggerLevel.fatal });
const asOwner = { lark: { ...(lark.withHelpDeskCredential() as any).lark, ...(lark.withUserAccessToken('u-bench-owner-token') as any).lark } } as any;

try {
  const card = JSON.stringify({ elements: [{ tag: 'div', text: { tag: 'lark_md', content: 'Maintenance tonight' } }] });
  const created = await client.helpdesk.notification.create({ data: { job_name: 'bench', push_content: card, push_type: 0, push_scope_type: 0 } }, asOwner);
  const path = { notification_id: created.data!.notification_id! };
  await client.helpdesk.notification.submitApprove({ path, data: { reason: 'bench' } }, asOwner);
  const start = performance.now();
  await client.helpdesk.notification.executeSend({ path, data: { send_at: String(Date.now()) } }, asOwner);
  const sendMs = performance.now() - start;
  const got = (await client.helpdesk.notification.get({ path }, lark.withHelpDeskCredential())).data!.notification!;
  console.log(`${database.dialect}: ${got.sent_user_count} of ${users} users sent in ${sendMs.toFixed(0)} ms (${((users / sendMs) * 1000).toFixed(0)} cards/s, one transaction)`);
} finally {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
