// The queue and the timers, as a client sees them: tickets that nobody could take wait in status 3 and are placed
// when an agent becomes available (a close under the cap, an agent turning online, a schedule change, a schedule
// slot starting as the clock moves); silent bot-stage tickets close after bot_idle_close_s.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, asUser, describeEachDatabase, sdkClient, startKefu, type RunningKefu } from '../../../../support/kefu.js';
import { buildApp } from '../../../../../src/app.js';
import { eventsSince, kefuOk, outbox, userToken } from '../../../../support/lifecycle.js';

describeEachDatabase('the routing queue and the timers', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  beforeEach(async () => {
    // Wednesday 2026-11-25 10:00 in Shanghai: only Alice (weekdays 09-18) is online and on duty.
    kefu = await startKefu(dialect, { testClock: true });
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  afterEach(() => kefu.close());

  const startHuman = async (open_id: string) => {
    const res = await client.helpdesk.ticket.startService({ data: { open_id, human_service: true } }, lark.withHelpDeskCredential());
    return { ticket_id: res.data!.ticket_id!, chat_id: res.data!.chat_id };
  };
  const ticket = async (ticket_id: string) => (await client.helpdesk.ticket.get({ path: { ticket_id } }, lark.withHelpDeskCredential())).data!.ticket!;
  const decisions = async (ticket_id: string) =>
    ((await client.request({ method: 'GET', url: `/kefu/v1/tickets/${ticket_id}/routing` }, lark.withHelpDeskCredential())) as any).data.decisions as any[];
  const setCap = (max_open_tickets_per_agent: number) =>
    kefuOk(kefu, 'PATCH', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/settings`, acme.ownerToken, { max_open_tickets_per_agent }, true);
  const setStatus = (agent_id: string, status: 1 | 2) =>
    client.helpdesk.agent.patch({ path: { agent_id }, data: { status } }, asUser(acme.ownerToken));
  const moveClock = async (body: unknown) => {
    const res = await fetch(`${kefu.baseUrl}/kefu/v1/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return ((await res.json()) as any).data.now_ms as number;
  };

  test('over the cap a ticket queues; when the capped agent\'s ticket closes, the queued one is hers', async () => {
    await setCap(1);
    const first = await startHuman(acme.guestZhang);
    const second = await startHuman(acme.guestLi);
    assert.equal((await ticket(first.ticket_id)).agent_owner?.id, acme.alice);
    const queued = await ticket(second.ticket_id);
    assert.equal(queued.status, 3);
    assert.deepEqual(queued.agents ?? [], []);
    const [why] = await decisions(second.ticket_id);
    assert.equal(why.outcome, 'queued');
    assert.deepEqual(why.agents, [
      { agent_id: acme.alice, result: 'at_cap' },
      { agent_id: acme.bob, result: 'offline' },
      { agent_id: acme.carol, result: 'off_duty' },
    ]);

    kefu.clock.advance(60_000);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${first.chat_id}/close`, await userToken(kefu, acme.guestZhang), { score: 3 });
    const placed = await ticket(second.ticket_id);
    assert.equal(placed.status, 1);
    assert.equal(placed.agent_owner?.id, acme.alice);
    assert.deepEqual(placed.agents?.map((a) => a.id), [acme.alice]);
    const record = await decisions(second.ticket_id);
    assert.deepEqual(record.map((d) => [d.trigger, d.outcome, d.agent_id, d.at_ms]), [
      ['start_service', 'queued', undefined, kefu.clock.now() - 60_000],
      ['queue', 'assigned', acme.alice, kefu.clock.now()],
    ]);
  });

  test('an agent turning online takes the oldest queued ticket first, then the next', async () => {
    await setStatus(acme.alice, 2);
    const older = await startHuman(acme.guestZhang);
    kefu.clock.advance(1_000);
    const newer = await startHuman(acme.guestLi);
    assert.equal((await ticket(older.ticket_id)).status, 3);
    assert.equal((await ticket(newer.ticket_id)).status, 3);
    await setCap(1);
    await setStatus(acme.bob, 1); // Bob's schedule covers every day
    assert.equal((await ticket(older.ticket_id)).agent_owner?.id, acme.bob);
    assert.equal((await ticket(newer.ticket_id)).status, 3);
    await setStatus(acme.alice, 1);
    assert.equal((await ticket(newer.ticket_id)).agent_owner?.id, acme.alice);
  });

  test('a schedule change that puts an agent on duty places the queued ticket', async () => {
    await setStatus(acme.alice, 2);
    const waiting = await startHuman(acme.guestZhang);
    assert.equal((await ticket(waiting.ticket_id)).status, 3);
    await client.helpdesk.agentSchedules.patch(
      { path: { agent_id: acme.carol }, data: { agent_schedule: { schedule: [{ weekday: 9, start_time: '00:00', end_time: '24:00' }] } } },
      asUser(acme.ownerToken),
    );
    assert.equal((await ticket(waiting.ticket_id)).agent_owner?.id, acme.carol);
  });

  test('a schedule slot starting while the clock moves places the queued ticket at that very minute', async () => {
    // Saturday 09:00 in Shanghai: Alice works weekdays, Bob is offline, Carol starts at 10:00.
    await moveClock({ now: '2026-11-28T01:00:00Z' });
    const waiting = await startHuman(acme.guestZhang);
    assert.equal((await ticket(waiting.ticket_id)).status, 3);
    assert.equal(await moveClock({ advance_ms: 90 * 60_000 }), Date.parse('2026-11-28T02:30:00Z'));
    const placed = await ticket(waiting.ticket_id);
    assert.equal(placed.agent_owner?.id, acme.carol);
    const last = (await decisions(waiting.ticket_id)).at(-1);
    assert.equal(last.trigger, 'queue');
    assert.equal(last.at_ms, Date.parse('2026-11-28T02:00:00Z'));
  });

  test('a silent bot-stage ticket closes after bot_idle_close_s, not a millisecond before', async () => {
    const { data } = await client.helpdesk.ticket.startService({ data: { open_id: acme.guestLi } }, lark.withHelpDeskCredential());
    const list = async () => (await client.helpdesk.ticket.list({ params: { guest_id: acme.guestLi } }, lark.withHelpDeskCredential())).data!.tickets!;
    const [bot] = (await list()).filter((t) => t.status === 1);
    assert.ok(data!.chat_id);
    const opened = kefu.clock.now();
    await moveClock({ advance_ms: 600_000 - 1 });
    assert.equal((await ticket(bot.ticket_id)).status, 1);
    await moveClock({ advance_ms: 1 });
    const closed = await ticket(bot.ticket_id);
    assert.equal(closed.status, 50);
    assert.equal(closed.closed_at, opened + 600_000);
  });

  test('two processes firing the same idle close close the ticket once, with one event', async () => {
    await client.helpdesk.ticket.startService({ data: { open_id: acme.guestZhang } }, lark.withHelpDeskCredential());
    const [bot] = (await client.helpdesk.ticket.list({ params: { guest_id: acme.guestZhang, status_list: [1] } as any }, lark.withHelpDeskCredential())).data!.tickets!;
    const second = await buildApp({ database: kefu.db.database, clock: kefu.clock });
    try {
      const before = await outbox(kefu);
      kefu.clock.advance(600_000);
      const due = kefu.clock.now();
      await Promise.all([kefu.app.kefu.timers.runUntil(due), second.kefu.timers.runUntil(due)]);
      assert.equal((await ticket(bot.ticket_id)).status, 50);
      const events = (await eventsSince(kefu, before)).filter((e) => e.ticket_id === bot.ticket_id);
      assert.deepEqual(events.map((e) => e.event_type), ['helpdesk.ticket.updated_v1']);
    } finally {
      await second.close();
    }
  });

  test('without a test clock, real time drives the same timers: the silent bot ticket closes on a tick', async () => {
    await client.helpdesk.ticket.startService({ data: { open_id: acme.guestZhang } }, lark.withHelpDeskCredential());
    const [bot] = (await client.helpdesk.ticket.list({ params: { guest_id: acme.guestZhang, status_list: [1] } as any }, lark.withHelpDeskCredential())).data!.tickets!;
    // A server as kefu serve runs one without --now: its clock is not moved by requests, a one-second tick reads it.
    const ticking = await buildApp({ database: kefu.db.database, clock: kefu.clock, realTimeTimers: true });
    await ticking.ready();
    try {
      kefu.clock.advance(600_000);
      // Waits for the tick (no assertion on how long it took; the bound only stops a hang).
      for (let i = 0; i < 100 && (await ticket(bot.ticket_id)).status !== 50; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await ticket(bot.ticket_id)).status, 50);
    } finally {
      await ticking.close();
    }
  });
});

