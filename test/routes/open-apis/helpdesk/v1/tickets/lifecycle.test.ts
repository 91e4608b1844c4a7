// A ticket's whole life through the SDK and Kefu's own API: messages both ways, PUT, closes, and what the list,
// its exact total, the read cache and the outbox say after each change.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { eventsSince, kefuCall, kefuOk, LIFECYCLE_TABLES, outbox, snapshotTables, userToken } from '../../../../../support/lifecycle.js';

describeEachDatabase('ticket lifecycle: messages, PUT, closes', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  let guest: string;
  let alice: string;
  beforeEach(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
    guest = acme.plainUserToken;
    alice = await userToken(kefu, acme.alice);
  });
  afterEach(() => kefu.close());

  const ticketOf = async (ticket_id: string) => (await client.helpdesk.ticket.get({ path: { ticket_id } }, lark.withHelpDeskCredential())).data!.ticket!;
  const listed = async (params: Record<string, unknown>) => (await client.helpdesk.ticket.list({ params: params as any }, lark.withHelpDeskCredential())).data!;
  const say = (text: string) => ({ msg_type: 'text', content: JSON.stringify({ text }) });

  test('guest and agent talk: status 1 -> 2 on the first answer, response times, agents, messages oldest first, one event per message', async () => {
    const { chat_id, ticket_id } = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, guest, { human_service: true });
    const start = kefu.clock.now();
    const before = await outbox(kefu);
    kefu.clock.advance(5_000);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('my order is late'));
    kefu.clock.advance(30_000);
    const reply = await kefuOk(kefu, 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, alice, say('looking into it'), true);
    assert.match(reply.message_id, /^om_[0-9a-f]{32}$/);
    kefu.clock.advance(60_000);
    await client.helpdesk.ticketMessage.create({ path: { ticket_id }, data: { msg_type: 'text', content: JSON.stringify({ text: 'a note from the bot' }) } }, lark.withHelpDeskCredential());
    await kefuOk(kefu, 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, alice, { msg_type: 'post', content: { zh_cn: { title: 'Done', content: [[{ tag: 'text', text: 'shipped' }]] } } }, true);

    const t = await ticketOf(ticket_id);
    assert.equal(t.status, 2);
    assert.equal(t.agent_first_response_time, start + 35_000);
    assert.equal(t.agent_last_response_time, start + 95_000);
    assert.equal(t.agent_first_response_duration, 35);
    assert.equal(t.agent_service_duration, Math.round(95_000 / 600) / 100);
    assert.deepEqual(t.agents!.map((a) => a.id), [acme.alice]);

    const page = await client.helpdesk.ticketMessage.list({ path: { ticket_id }, params: { page: 1, page_size: 10 } }, lark.withHelpDeskCredential());
    assert.equal(page.data!.total, 4);
    const messages = page.data!.messages!;
    assert.deepEqual(messages.map((m) => JSON.parse(m.content).content), ['my order is late', 'looking into it', 'a note from the bot', { zh_cn: { title: 'Done', content: [[{ tag: 'text', text: 'shipped' }]] } }]);
    assert.deepEqual(messages.map((m) => m.user_id), [acme.plain, acme.alice, undefined, acme.alice]);
    assert.equal(messages[0].created_at, start + 5_000);
    // time_start / time_end in seconds, and 13-digit values as milliseconds.
    const secs = await client.helpdesk.ticketMessage.list({ path: { ticket_id }, params: { time_start: (start + 30_000) / 1000, time_end: (start + 40_000) / 1000 } }, lark.withHelpDeskCredential());
    assert.deepEqual(secs.data!.messages!.map((m) => m.id), [messages[1].id]);
    const millis = await client.helpdesk.ticketMessage.list({ path: { ticket_id }, params: { time_start: start + 90_000, time_end: start + 200_000 } }, lark.withHelpDeskCredential());
    assert.equal(millis.data!.total, 2);
    const second = await client.helpdesk.ticketMessage.list({ path: { ticket_id }, params: { page: 2, page_size: 3 } }, lark.withHelpDeskCredential());
    assert.equal(second.data!.messages!.length, 1);

    const events = await eventsSince(kefu, before);
    const messageEvents = events.filter((e) => e.event_type === 'helpdesk.ticket_message.created_v1');
    assert.deepEqual(messageEvents.map((e) => e.event.position), ['1', '2', '3', '4']);
    assert.deepEqual(messageEvents.map((e) => e.event.sender_type), [2, 3, 1, 3]);
    assert.equal(messageEvents[2].event.sender_id, undefined);
    assert.deepEqual(messageEvents[0].event.sender_id, { open_id: acme.plain });
    assert.equal(messageEvents[0].event.text, 'my order is late');
    assert.equal(messageEvents[0].event.message_id, messages[0].message_id);
    assert.equal(messageEvents[0].event.ticket_message_id, messages[0].id);
    assert.match(messageEvents[0].event.event_id, /^[0-9a-f-]{36}$/);
    const updates = events.filter((e) => e.event_type === 'helpdesk.ticket.updated_v1');
    assert.deepEqual(updates.map((e) => e.event.old_object), [{ status: 1, updated_at: -1 }]);
  });

  test('PUT tickets: status, tags, comments, solved; pending time leaves actual_processing_time; list, total and cache follow', async () => {
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    const ticket_id = res.data!.ticket_id!;
    const countStatus = async (s: number) => (await listed({ status_list: [s] })).total;
    assert.equal(await countStatus(1), 1);
    assert.equal(await countStatus(4), 0);
    const before = await outbox(kefu);
    kefu.clock.advance(10_000);
    await client.helpdesk.ticket.update({ path: { ticket_id }, data: { status: 4, tag_names: ['warehouse', 'late'], comment: 'waiting on the warehouse', solved: 1 } }, asUser(acme.ownerToken));
    // The same query again: the read cache must not answer the old page.
    assert.equal(await countStatus(1), 0);
    assert.equal(await countStatus(4), 1);
    assert.equal((await listed({ tags: ['warehouse'] })).total, 1);
    assert.equal((await listed({ agent_id: acme.alice, status_list: [4] })).total, 1);
    kefu.clock.advance(50_000);
    await client.helpdesk.ticket.update(
      { path: { ticket_id }, data: { status: 51, tag_names: ['late'], comment: 'delivered', customized_fields: [{ id: 'order', value: '42', key_name: 'order' }] } },
      asUser(acme.adminToken),
    );
    const t = await ticketOf(ticket_id);
    assert.equal(t.status, 51);
    assert.equal(t.closed_by!.id, acme.admin);
    assert.equal(t.closed_at, kefu.clock.now());
    assert.equal(t.agent_resolution_time, 60);
    assert.equal(t.actual_processing_time, 10);
    assert.equal(t.comments!.content, 'waiting on the warehouse\ndelivered');
    assert.equal(t.comments!.user_name, 'Adam Admin');
    assert.deepEqual(t.customized_fields!.map((f) => [f.id, f.value]), [['order', '42']]);
    assert.equal((await listed({ tags: ['warehouse'] })).total, 0);
    assert.equal((await listed({ tags: ['late'], status_list: [51] })).total, 1);
    assert.equal((await listed({ closed_by_id: acme.admin })).total, 1);
    const events = await eventsSince(kefu, before);
    assert.deepEqual(events.map((e) => [e.event_type, e.event.old_object]), [
      ['helpdesk.ticket.updated_v1', { status: 1, updated_at: -1 }],
      ['helpdesk.ticket.updated_v1', { status: 4, updated_at: t.created_at! + 10_000 }],
    ]);
    // A closed ticket: its status no longer changes, and it takes no more messages (a deliberate difference from Feishu).
    const tables = await snapshotTables(kefu, LIFECYCLE_TABLES);
    const reopen = await sdkFailure(client.helpdesk.ticket.update({ path: { ticket_id }, data: { status: 2 } }, asUser(acme.ownerToken)));
    assert.equal(reopen.status, 400);
    assert.equal(reopen.body.error.field_violations[0].field, 'status');
    const late = await sdkFailure(client.helpdesk.ticketMessage.create({ path: { ticket_id }, data: { msg_type: 'text', content: '{"text":"hello?"}' } }, lark.withHelpDeskCredential()));
    assert.equal(late.status, 400);
    assert.equal(late.body.error.field_violations[0].field, 'ticket_id');
    assert.equal(await snapshotTables(kefu, LIFECYCLE_TABLES), tables);
  });

  test('PUT tickets refusals write nothing: no field, a plain user, a tenant token, an unknown or foreign ticket, a bad status', async () => {
    const res = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    const ticket_id = res.data!.ticket_id!;
    const tables = await snapshotTables(kefu, LIFECYCLE_TABLES);
    const put = (data: any, options: any, id = ticket_id, c = client) => sdkFailure(c.helpdesk.ticket.update({ path: { ticket_id: id }, data }, options));
    const cases: [Promise<{ status: number; body: any }>, number, number, string?][] = [
      [put({}, asUser(acme.ownerToken)), 400, 154000, 'body'],
      [put({ status: 2 }, asUser(acme.plainUserToken)), 403, 154003],
      [put({ status: 2 }, lark.withHelpDeskCredential()), 403, 154003],
      [put({ status: 52 }, asUser(acme.ownerToken)), 400, 154000, 'status'],
      [put({ status: 2 }, asUser(acme.ownerToken), '123'), 400, 154000, 'ticket_id'],
      [put({ status: 2 }, asUser(globex.ownerToken), ticket_id, sdkClient(kefu.baseUrl, globex.app, globex.helpdesk)), 400, 154000, 'ticket_id'],
    ];
    for (const [call, status, code, field] of cases) {
      const f = await call;
      assert.equal(f.status, status, JSON.stringify(f.body));
      assert.equal(f.body.code, code);
      if (field) assert.equal(f.body.error.field_violations[0].field, field);
    }
    assert.equal(await snapshotTables(kefu, LIFECYCLE_TABLES), tables);
  });

  test('answer_user_query takes a message event of a bot-stage ticket; FAQ ids are unknown; a human ticket refuses', async () => {
    const { chat_id, ticket_id } = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, guest, {});
    const before = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('how do I reset my password?'));
    const [event] = (await eventsSince(kefu, before)).filter((e) => e.event_type === 'helpdesk.ticket_message.created_v1');
    const answer = (data: any) => client.helpdesk.ticket.answerUserQuery({ path: { ticket_id }, data }, lark.withHelpDeskCredential());
    assert.equal((await answer({ event_id: event.event.event_id })).code, 0);
    assert.equal((await answer({ event_id: event.event_id, faqs: [] })).code, 0);
    const faq = await sdkFailure(answer({ event_id: event.event.event_id, faqs: [{ id: '12345', score: 0.9 }] }));
    assert.equal(faq.body.error.field_violations[0].field, 'faqs[0].id');
    const wrong = await sdkFailure(answer({ event_id: 'not-an-event' }));
    assert.equal(wrong.body.error.field_violations[0].field, 'event_id');
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/transfer`, guest);
    const human = await sdkFailure(answer({ event_id: event.event.event_id }));
    assert.equal(human.status, 400);
    assert.equal(human.body.error.field_violations[0].field, 'ticket_id');
  });

  test('POST /message: 405/154005 while the user has an open ticket in the service chat, 404/154004 for an unknown user, the bot chat always', async () => {
    const send = (receiver_id: string, receive_type?: 'chat' | 'user') =>
      client.helpdesk.botMessage.create({ data: { msg_type: 'text', content: JSON.stringify({ text: 'hi there' }), receiver_id, receive_type } }, lark.withHelpDeskCredential());
    assert.equal((await send(acme.plain)).code, 0);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain } }, lark.withHelpDeskCredential());
    const busy = await sdkFailure(send(acme.plain, 'chat'));
    assert.deepEqual([busy.status, busy.body.code], [405, 154005]);
    const unknown = await sdkFailure(send('ou_nobody'));
    assert.deepEqual([unknown.status, unknown.body.code], [404, 154004]);
    const foreign = await sdkFailure(send('ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'));
    assert.deepEqual([foreign.status, foreign.body.code], [404, 154004]);
    assert.equal((await send(acme.plain, 'user')).code, 0);
    // The guest reads both chats through Kefu's API.
    const { chats } = await kefuOk(kefu, 'GET', '/kefu/v1/chats', guest);
    assert.deepEqual(chats.map((c: any) => c.kind).sort(), ['bot', 'service']);
    for (const chat of chats) {
      const page = await kefuOk(kefu, 'GET', `/kefu/v1/chats/${chat.chat_id}/messages`, guest);
      assert.equal(page.messages[0].content, JSON.stringify({ msg_type: 'text', content: 'hi there' }));
    }
  });

  test("guest API: transfer, close with a score; another guest's or tenant's chat is unknown; no open ticket is 400", async () => {
    const { chat_id, ticket_id } = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, guest, {});
    const zhang = await userToken(kefu, acme.guestZhang);
    const tables = await snapshotTables(kefu, LIFECYCLE_TABLES);
    for (const [method, path, token] of [
      ['POST', `/kefu/v1/chats/${chat_id}/messages`, zhang],
      ['POST', `/kefu/v1/chats/${chat_id}/transfer`, zhang],
      ['GET', `/kefu/v1/chats/${chat_id}/messages`, zhang],
      ['POST', `/kefu/v1/chats/${chat_id}/close`, globex.ownerToken],
      ['POST', `/kefu/v1/helpdesks/${globex.helpdesk.helpDeskId}/chats`, guest],
    ] as const) {
      const answer = await kefuCall(kefu, method, path, token, method === 'POST' ? say('x') : undefined);
      assert.equal(answer.status, 400, `${method} ${path}`);
      assert.match(answer.body.error.field_violations[0].field, /chat_id|helpdesk_id/);
    }
    assert.equal(await snapshotTables(kefu, LIFECYCLE_TABLES), tables);
    assert.deepEqual(await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/transfer`, guest), { ticket_id });
    assert.equal((await ticketOf(ticket_id)).ticket_type, 2);
    const reason = { en_us: 'too slow' };
    assert.deepEqual(await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/close`, guest, { score: 1, dissatisfaction_reason: reason }), { ticket_id });
    const t = await ticketOf(ticket_id);
    assert.deepEqual([t.status, t.score, t.closed_by!.id], [52, 1, acme.plain]);
    assert.deepEqual(t.dissatisfaction_reason, reason);
    assert.equal((await listed({ score: 1, guest_id: acme.plain })).total, 1);
    const again = await kefuCall(kefu, 'POST', `/kefu/v1/chats/${chat_id}/close`, guest, {});
    assert.equal(again.status, 400);
    // A new message opens a new bot-stage ticket in the same chat.
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('one more thing'));
    assert.equal((await listed({ guest_id: acme.plain })).total, 2);
  });

  test('helpdesk settings: defaults, PATCH field by field, admins only', async () => {
    const path = `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/settings`;
    assert.deepEqual(await kefuOk(kefu, 'GET', path, acme.ownerToken, undefined, true), { bot_idle_close_s: 600, max_open_tickets_per_agent: 0, bot_auto_answer: true });
    assert.deepEqual(await kefuOk(kefu, 'PATCH', path, acme.adminToken, { max_open_tickets_per_agent: 3 }, true), { bot_idle_close_s: 600, max_open_tickets_per_agent: 3, bot_auto_answer: true });
    assert.deepEqual(await kefuOk(kefu, 'PATCH', path, acme.adminToken, { bot_auto_answer: false }, true), { bot_idle_close_s: 600, max_open_tickets_per_agent: 3, bot_auto_answer: false });
    assert.equal((await kefuCall(kefu, 'PATCH', path, acme.plainUserToken, { bot_idle_close_s: 60 }, true)).status, 403);
    const bad = await kefuCall(kefu, 'PATCH', path, acme.adminToken, { bot_idle_close_s: -1 }, true);
    assert.equal(bad.body.error.field_violations[0].field, 'bot_idle_close_s');
  });
});

describeEachDatabase('ticket lifecycle: what routing calls', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  beforeEach(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  afterEach(() => kefu.close());

  test('the queue in order, assignQueued (3 -> 1 with one updated_v1), idle bot tickets, closeIdleBotTicket (50), and the close hook', async () => {
    const { lifecycle, store } = kefu.app.kefu;
    const helpdesk_id = acme.helpdesk.helpDeskId;
    const queued = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true, appointed_agents: [acme.bob] } }, lark.withHelpDeskCredential());
    kefu.clock.advance(1_000);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.guestZhang } }, lark.withHelpDeskCredential());
    const queue = await store.repos.ticketLives.queuedTickets(helpdesk_id);
    assert.deepEqual(queue.map((q) => [q.ticket_id, q.appointed_agent_ids]), [[queued.data!.ticket_id, [acme.bob]]]);

    const closedHook: string[] = [];
    lifecycle.afterTicketClosed = async (_repos, id) => void closedHook.push(id);
    const before = await outbox(kefu);
    await store.write((repos) => lifecycle.assignQueued(repos, queued.data!.ticket_id!, acme.bob, kefu.clock.now()));
    const assigned = (await client.helpdesk.ticket.get({ path: { ticket_id: queued.data!.ticket_id! } }, lark.withHelpDeskCredential())).data!.ticket!;
    assert.deepEqual([assigned.status, assigned.agent_owner!.id], [1, acme.bob]);
    assert.deepEqual((await eventsSince(kefu, before)).map((e) => e.event.old_object), [{ status: 3, updated_at: -1 }]);
    assert.deepEqual(await store.repos.ticketLives.queuedTickets(helpdesk_id), []);

    kefu.clock.advance(600_000);
    const idle = await store.repos.ticketLives.idleBotTickets(helpdesk_id, kefu.clock.now() - 600_000);
    assert.equal(idle.length, 1);
    await store.write((repos) => lifecycle.closeIdleBotTicket(repos, idle[0].ticket_id, kefu.clock.now()));
    const closed = (await client.helpdesk.ticket.get({ path: { ticket_id: idle[0].ticket_id } }, lark.withHelpDeskCredential())).data!.ticket!;
    assert.deepEqual([closed.status, closed.closed_at, closed.closed_by], [50, kefu.clock.now(), undefined]);
    assert.deepEqual(closedHook, [helpdesk_id]);
    assert.deepEqual(await store.repos.ticketLives.idleBotTickets(helpdesk_id, kefu.clock.now()), []);
  });
});
