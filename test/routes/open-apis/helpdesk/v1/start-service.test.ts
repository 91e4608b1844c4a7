import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../support/kefu.js';
import { eventsSince, LIFECYCLE_TABLES, outbox, snapshotTables } from '../../../../support/lifecycle.js';

describeEachDatabase('POST /open-apis/helpdesk/v1/start_service', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  beforeEach(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  afterEach(() => kefu.close());

  const listOf = async (guest_id: string) =>
    (await client.helpdesk.ticket.list({ params: { guest_id } }, lark.withHelpDeskCredential())).data!.tickets ?? [];

  test('a bot-stage start answers the chat only; the ticket exists at once and fires ticket.created_v1', async () => {
    const before = await outbox(kefu);
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain } }, lark.withHelpDeskCredential());
    assert.equal(res.code, 0);
    assert.match(res.data!.chat_id, /^oc_[0-9a-f]{32}$/);
    assert.equal(res.data!.ticket_id, undefined);
    const [ticket] = await listOf(acme.plain);
    assert.equal(ticket.ticket_type, 1);
    assert.equal(ticket.status, 1);
    assert.equal(ticket.channel, 9);
    assert.equal(ticket.updated_at, -1);
    assert.deepEqual(ticket.agents, []);
    const events = await eventsSince(kefu, before);
    assert.deepEqual(events.map((e) => e.event_type), ['helpdesk.ticket.created_v1']);
    assert.match(events[0].event_id, /^[0-9a-f]{32}$/);
    assert.equal(events[0].event.ticket_id, ticket.ticket_id);
    assert.equal(events[0].event.chat_id, res.data!.chat_id);
    assert.equal(events[0].event.stage, 1);
    assert.deepEqual(events[0].event.guest, { id: { open_id: acme.plain }, name: 'Peter Plain' });
    // Asked again: the same chat and the same open ticket.
    const again = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain } }, lark.withHelpDeskCredential());
    assert.equal(again.data!.chat_id, res.data!.chat_id);
    assert.equal((await listOf(acme.plain)).length, 1);
  });

  test('human_service routes at once: the online, on-duty agent owns it; created_v1 carries that state and no updated_v1 fires', async () => {
    const before = await outbox(kefu);
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true, customized_info: 'order 42' } }, lark.withHelpDeskCredential());
    assert.match(res.data!.ticket_id!, /^\d{19}$/);
    const [ticket] = await listOf(acme.plain);
    assert.equal(ticket.ticket_id, res.data!.ticket_id);
    assert.equal(ticket.ticket_type, 2);
    assert.equal(ticket.status, 1);
    assert.equal(ticket.agent_owner!.id, acme.alice);
    assert.deepEqual(ticket.agents!.map((a) => a.id), [acme.alice]);
    assert.equal(ticket.agent_entry_time, kefu.clock.now());
    assert.equal(ticket.bot_service_duration, 0);
    const events = await eventsSince(kefu, before);
    assert.deepEqual(events.map((e) => e.event_type), ['helpdesk.ticket.created_v1']);
    assert.equal(events[0].event.stage, 2);
    assert.deepEqual(events[0].event.agents, [{ id: { open_id: acme.alice }, name: 'Alice Agent' }]);
    // The agent_id filter and its exact total see the new ticket.
    const byAgent = await client.helpdesk.ticket.list({ params: { agent_id: acme.alice } }, lark.withHelpDeskCredential());
    assert.ok(byAgent.data!.tickets!.some((t) => t.ticket_id === ticket.ticket_id));
  });

  test('a bot-stage ticket moves to a human on a second start with human_service: one stage change, one ticket.updated_v1', async () => {
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain } }, lark.withHelpDeskCredential());
    const [bot] = await listOf(acme.plain);
    kefu.clock.advance(90_000);
    const before = await outbox(kefu);
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    assert.equal(res.data!.ticket_id, bot.ticket_id);
    const [human] = await listOf(acme.plain);
    assert.equal(human.ticket_type, 2);
    assert.equal(human.bot_service_duration, 90);
    assert.equal(human.updated_at, kefu.clock.now());
    const events = await eventsSince(kefu, before);
    assert.deepEqual(events.map((e) => e.event_type), ['helpdesk.ticket.updated_v1']);
    assert.deepEqual(events[0].event.old_object, { stage: 1, updated_at: -1 });
    assert.equal(events[0].event.object.stage, 2);
  });

  test('appointed_agents: queued for exactly them when none is available (status 3)', async () => {
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true, appointed_agents: [acme.bob] } }, lark.withHelpDeskCredential());
    const [ticket] = await listOf(acme.plain);
    assert.equal(ticket.ticket_id, res.data!.ticket_id);
    assert.equal(ticket.status, 3);
    assert.deepEqual(ticket.agents, []);
    const queued = await client.helpdesk.ticket.list({ params: { status_list: [3] } as any }, lark.withHelpDeskCredential());
    assert.equal(queued.data!.total, 1);
  });

  test('refusals write nothing: appointed_agents without human_service, unknown or foreign users and agents, a read-only app, a user token', async () => {
    const tables = await snapshotTables(kefu, LIFECYCLE_TABLES);
    const call = (data: any, c = client, options: any = lark.withHelpDeskCredential()) => sdkFailure(c.helpdesk.ticket.startService({ data }, options));
    const expect = async (p: Promise<{ status: number; body: any }>, status: number, code: number, field?: string) => {
      const f = await p;
      assert.equal(f.status, status, JSON.stringify(f.body));
      assert.equal(f.body.code, code);
      if (field) assert.equal(f.body.error.field_violations[0].field, field);
    };
    await expect(call({ open_id: acme.plain, appointed_agents: [acme.alice] }), 400, 154000, 'appointed_agents');
    await expect(call({ open_id: acme.plain, human_service: false, appointed_agents: [acme.alice] }), 400, 154000, 'appointed_agents');
    await expect(call({ open_id: 'ou_nobody' }), 400, 154000, 'open_id');
    await expect(call({ open_id: 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }), 400, 154000, 'open_id');
    await expect(call({ open_id: acme.plain, human_service: true, appointed_agents: [acme.alice, acme.plain] }), 400, 154000, 'appointed_agents[1]');
    await expect(call({ human_service: true }), 400, 154000, 'open_id');
    await expect(call({ open_id: acme.plain }, sdkClient(kefu.baseUrl, acme.readonlyApp)), 400, 99991672);
    await expect(call({ open_id: acme.plain }, client, { lark: { ...(lark.withHelpDeskCredential() as any).lark, ...(lark.withUserAccessToken(acme.ownerToken) as any).lark } }), 403, 154003);
    await expect(call({ open_id: acme.plain }, sdkClient(kefu.baseUrl, globex.app, acme.helpdesk)), 401, 154001);
    assert.equal(await snapshotTables(kefu, LIFECYCLE_TABLES), tables);
  });
});
