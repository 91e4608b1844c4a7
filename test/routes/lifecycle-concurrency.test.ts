// Many guests' tickets changing at once: every call answers success (no 500, no lock error), and the list's exact
// totals and its count tables agree with the tickets afterwards. On PostgreSQL, writers share count rows; they must
// neither deadlock nor lose an update.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, asUser, describeEachDatabase, exampleFixture, sdkClient, startKefu } from '../support/kefu.js';

const GUESTS = 32;
const guestId = (i: number) => `ou_c${i.toString(16).padStart(31, '0')}`;

function fixtureWithGuests() {
  const fixture = structuredClone(exampleFixture) as any;
  const tenant = fixture.tenants.find((t: any) => t.tenant_key === 'acme');
  for (let i = 0; i < GUESTS; i++) tenant.users.push({ open_id: guestId(i), name: `Crowd Guest ${i}` });
  return fixture;
}

describeEachDatabase('ticket lifecycle under concurrency', (dialect) => {
  test(`${GUESTS} lives at once: all succeed; totals and count tables match the tickets`, async () => {
    const kefu = await startKefu(dialect, { fixture: fixtureWithGuests() });
    try {
      const client = sdkClient(kefu.baseUrl, acme.app);
      const total = async (params: Record<string, unknown>) => (await client.helpdesk.ticket.list({ params: params as any }, lark.withHelpDeskCredential())).data!.total!;
      const aliceBefore = await total({ agent_id: acme.alice, status_list: [4, 51] });
      const codes: number[] = [];
      await Promise.all(
        Array.from({ length: GUESTS }, async (_, i) => {
          const start = await client.helpdesk.ticket.startService({ data: { open_id: guestId(i), human_service: true } }, lark.withHelpDeskCredential());
          codes.push(start.code!);
          const ticket_id = start.data!.ticket_id!;
          const message = { msg_type: 'text', content: JSON.stringify({ text: `hello from ${i}` }) };
          codes.push((await client.helpdesk.ticketMessage.create({ path: { ticket_id }, data: message }, lark.withHelpDeskCredential())).code!);
          codes.push((await client.helpdesk.ticket.update({ path: { ticket_id }, data: { status: 4, tag_names: [`crowd-${i % 3}`] } }, asUser(acme.ownerToken))).code!);
          if (i % 2 === 0) codes.push((await client.helpdesk.ticket.update({ path: { ticket_id }, data: { status: 51 } }, asUser(acme.adminToken))).code!);
        }),
      );
      assert.deepEqual([...new Set(codes)], [0]);
      assert.equal(await total({ status_list: [4] }), GUESTS / 2);
      assert.equal(await total({ status_list: [51] }), GUESTS / 2 + 1); // one closed ticket is in the example world
      assert.equal(await total({ tags: ['crowd-0'] }), Math.ceil(GUESTS / 3));
      assert.equal(await total({ agent_id: acme.alice, status_list: [4, 51] }), aliceBefore + GUESTS);
      // The count tables, summed at every span, say what the tickets say.
      const db = kefu.app.kefu.store.database.db as any;
      const tickets = await db.selectFrom('tickets').select(['status']).execute();
      const byStatus = new Map<number, number>();
      for (const t of tickets) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
      const counts = await db.selectFrom('ticket_status_counts').select(['span_ms', 'status', 'n']).execute();
      for (const span of new Set<number>(counts.map((c: any) => Number(c.span_ms)))) {
        const summed = new Map<number, number>();
        for (const c of counts.filter((c: any) => Number(c.span_ms) === span)) summed.set(c.status, (summed.get(c.status) ?? 0) + Number(c.n));
        for (const [status, n] of byStatus) assert.equal(summed.get(status) ?? 0, n, `span ${span}, status ${status}`);
        for (const [status, n] of summed) assert.equal(n, byStatus.get(status) ?? 0, `span ${span}, status ${status}`);
      }
    } finally {
      await kefu.close();
    }
  });
});
