// Event delivery judged by the official SDK as the receiving app: subscription (with the url_verification
// challenge), events/subscribe, webhook pushes with and without an encrypt key, retries, and the delivery log.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../../../../support/callers.js';
import { acme, describeEachDatabase, exampleFixture, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../support/kefu.js';
import { humanTicketLife, kefuCall, kefuOk, userToken } from '../../../../support/lifecycle.js';
import { HANDLED_TYPES, startReceiver, until, type Receiver } from '../../../../support/event-receiver.js';

const VERIFICATION_TOKEN = 'vt-acme-events';
const ALL_PAIRS = [
  { type: 'helpdesk.ticket', subtype: 'ticket.created_v1' },
  { type: 'helpdesk.ticket', subtype: 'ticket.updated_v1' },
  { type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' },
];

describeEachDatabase('event delivery to a webhook', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  let tenant: string;
  let receiver: Receiver | undefined;
  beforeEach(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
    tenant = await issueTenantToken(kefu.baseUrl, acme.app);
  });
  afterEach(async () => {
    await kefu.close();
    await receiver?.close();
    receiver = undefined;
  });

  const subscriptionPath = `/kefu/v1/apps/${acme.app.appId}/event_subscription`;
  const putSubscription = (body: unknown) => kefuCall(kefu, 'PUT', subscriptionPath, tenant, body);
  const webhook = (url: string, encrypt_key?: string, event_types: string[] = [...HANDLED_TYPES]) => ({
    mode: 'webhook', request_url: url, ...(encrypt_key ? { encrypt_key } : {}), verification_token: VERIFICATION_TOKEN, event_types,
  });
  const subscribe = (events = ALL_PAIRS) => client.helpdesk.event.subscribe({ data: { events } }, lark.withHelpDeskCredential());
  const log = async (status?: string) => (await kefuOk(kefu, 'GET', `/kefu/v1/apps/${acme.app.appId}/events${status ? `?status=${status}` : ''}`, tenant)).events as any[];

  const ticketLife = () => humanTicketLife(kefu, client);

  for (const encryptKey of [undefined, 'acme-encrypt-key-0001']) {
    test(`the SDK receives created, message and updated events ${encryptKey ? 'encrypted' : 'in plain JSON'}, each once, in the ticket's order`, async () => {
      receiver = await startReceiver({ encryptKey, verificationToken: VERIFICATION_TOKEN });
      const put = await putSubscription(webhook(receiver.url, encryptKey));
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(receiver.challenges, 1);
      assert.deepEqual(put.body.data, webhook(receiver.url, encryptKey));
      assert.deepEqual((await kefuOk(kefu, 'GET', subscriptionPath, tenant)), webhook(receiver.url, encryptKey));
      assert.equal((await subscribe()).code, 0);

      const ticket_id = await ticketLife();
      const expected = ['helpdesk.ticket.created_v1', 'helpdesk.ticket_message.created_v1', 'helpdesk.ticket.updated_v1', 'helpdesk.ticket_message.created_v1'];
      await until(() => receiver!.handled.length >= expected.length, 'four events handled');
      assert.deepEqual(receiver.handled.map((h) => h.type), expected);
      for (const push of receiver.pushes) {
        assert.equal(push.schema, '2.0');
        assert.match(push.header.event_id, /^[0-9a-f]{32}$/);
        assert.equal(push.header.token, VERIFICATION_TOKEN);
        assert.equal(push.header.app_id, acme.app.appId);
        assert.match(push.header.create_time, /^\d{13}$/);
      }
      assert.equal(new Set(receiver.pushes.map((p) => p.header.event_id)).size, 4);
      const [created, reply, updated] = receiver.handled.map((h) => h.data);
      assert.equal(created.ticket_id, ticket_id);
      assert.equal(created.stage, 2);
      assert.equal(reply.sender_type, 3);
      assert.equal(reply.text, 'On it');
      assert.equal(reply.position, '1');
      assert.deepEqual([updated.object.status, updated.old_object.status], [2, 1]);
      // The SDK handled the last push before Kefu recorded its answer.
      await until(async () => (await log('delivered')).length === 4, 'four deliveries recorded');
      assert.deepEqual((await log('delivered')).map((e) => e.event_id), receiver.pushes.map((p) => p.header.event_id));
      assert.deepEqual(await log('pending'), []);
    });
  }

  test('a push answered 500 is retried after 15 s with the same event_id; the log shows the attempts', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    assert.equal((await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']))).status, 200);
    await subscribe();
    receiver.failNext(1);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(async () => (await log('pending')).some((e) => e.attempts === 1), 'the first attempt recorded');
    const [pending] = await log('pending');
    assert.equal(pending.last_outcome, 'HTTP 500');
    assert.equal(Number(pending.next_attempt_at), kefu.clock.now() + 15_000);
    assert.equal(receiver.handled.length, 0);

    kefu.clock.advance(14_999);
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.equal(receiver.pushes.length, 1, 'not due before 15 s');
    kefu.clock.advance(1);
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.equal(receiver.pushes.length, 2);
    assert.equal(receiver.pushes[1].header.event_id, receiver.pushes[0].header.event_id);
    assert.equal(receiver.handled.length, 1);
    const [delivered] = await log('delivered');
    assert.equal(delivered.event_id, pending.event_id);
    assert.equal(delivered.attempts, 2);
  });

  test('after the last retry the event is failed; redeliver sends it again with the same event_id', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']));
    await subscribe();
    receiver.failNext(5);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => receiver!.pushes.length === 1, 'the first attempt');
    for (const delay of [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000]) {
      await until(async () => (await log('pending'))[0]?.attempts === receiver!.pushes.length, 'the attempt recorded');
      kefu.clock.advance(delay);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
    assert.equal(receiver.pushes.length, 5);
    tenant = await issueTenantToken(kefu.baseUrl, acme.app); // seven hours on, the first token has expired
    const [failed] = await log('failed');
    assert.equal(failed.attempts, 5);
    assert.deepEqual(await log('pending'), []);

    const again = await kefuOk(kefu, 'POST', `/kefu/v1/apps/${acme.app.appId}/events/${failed.event_id}/redeliver`, tenant);
    assert.equal(again.event.status, 'pending');
    await until(() => receiver!.handled.length === 1, 'the redelivered event handled');
    assert.equal(receiver.pushes[5].header.event_id, failed.event_id);
    await until(async () => (await log('delivered')).length === 1, 'the redelivery recorded');
    assert.equal((await log('delivered'))[0].event_id, failed.event_id);
  });

  test('every attempt is kept with its answer: GET one event answers them, redeliver keeps the old ones; /healthz counts', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']));
    await subscribe();
    receiver.failNext(1);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(async () => (await log('pending'))[0]?.attempts === 1, 'the first attempt recorded');
    const started = kefu.clock.now();
    // The receiver goes away. The next attempt may still find the kept-alive connection, closed without an answer;
    // the one after finds nobody listening.
    await receiver.close();
    for (const delay of [15_000, 5 * 60_000]) {
      kefu.clock.advance(delay);
      await kefu.app.kefu.events.dispatcher.runDue();
    }
    const event_id = (await log('pending'))[0].event_id;
    const path = `/kefu/v1/apps/${acme.app.appId}/events/${event_id}`;
    let event = (await kefuOk(kefu, 'GET', path, tenant)).event;
    assert.equal(event.attempts, 3);
    const [first, second, third] = event.attempt_history;
    assert.deepEqual([first.outcome, first.http_status, first.error, first.detail, first.started_at], ['failed', 500, undefined, 'HTTP 500', String(started)]);
    assert.deepEqual([second.outcome, second.http_status, second.started_at], ['failed', undefined, String(started + 15_000)]);
    assert.ok(['bad answer', 'refused'].includes(second.error), second.error);
    assert.deepEqual([third.outcome, third.http_status, third.error, third.detail], ['failed', undefined, 'refused', 'ECONNREFUSED']);
    for (const a of event.attempt_history) assert.ok(Number.isInteger(a.latency_ms) && a.latency_ms >= 0);
    assert.deepEqual((await log())[0].attempt_history, event.attempt_history, 'the log answers the same history');
    const health = async () => (await fetch(`${kefu.baseUrl}/healthz`).then((r) => r.json())).events;
    assert.deepEqual(await health(), { pending: 1, delivered: 0, failed: 0 });

    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']));
    await kefuOk(kefu, 'POST', `${path}/redeliver`, tenant);
    await until(async () => (await kefuOk(kefu, 'GET', path, tenant)).event.status === 'delivered', 'the redelivery recorded');
    event = (await kefuOk(kefu, 'GET', path, tenant)).event;
    assert.equal(event.attempts, 1, 'a redelivery counts its attempts anew');
    assert.deepEqual(event.attempt_history.map((a: any) => a.outcome), ['failed', 'failed', 'failed', 'delivered']);
    assert.equal(event.attempt_history[3].http_status, 200);
    assert.deepEqual(await health(), { pending: 0, delivered: 1, failed: 0 });

    const unknown = await kefuCall(kefu, 'GET', `/kefu/v1/apps/${acme.app.appId}/events/${'0'.repeat(32)}`, tenant);
    assert.deepEqual([unknown.status, unknown.body.code], [404, 154004]);
    const other = await issueTenantToken(kefu.baseUrl, acme.readonlyApp);
    assert.deepEqual((await kefuCall(kefu, 'GET', path, other)).status, 403);
  });

  test('nothing is pushed for a helpdesk the app did not subscribe, nor for a type its subscription leaves out; unsubscribe stops them', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1', 'helpdesk.ticket_message.created_v1']));
    await ticketLife();
    // Subscribed to created and updated only: updated is not in the app's list, messages not subscribed.
    await subscribe(ALL_PAIRS.slice(0, 2));
    await subscribe(ALL_PAIRS.slice(0, 2));
    await client.helpdesk.ticket.startService({ data: { open_id: acme.guestLi, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => receiver!.handled.length === 1, 'one event');
    assert.equal((await client.helpdesk.event.unsubscribe({ data: { events: ALL_PAIRS.slice(0, 1) } }, lark.withHelpDeskCredential())).code, 0);
    await client.helpdesk.ticket.startService({ data: { open_id: acme.guestZhang, human_service: true } }, lark.withHelpDeskCredential());
    await kefu.app.kefu.events.dispatcher.runDue();
    assert.deepEqual(receiver.handled.map((h) => h.type), ['helpdesk.ticket.created_v1']);
    assert.equal(receiver.handled[0].data.guest.id.open_id, acme.guestLi);
    assert.equal((await log()).length, 1);
  });

  test("a fixture's subscription is the app's from the start: GET answers it and events reach its URL", async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    const fixture = structuredClone(exampleFixture) as any;
    fixture.tenants[0].apps[0].event_subscription = webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']);
    await kefu.close();
    kefu = await startKefu(dialect, { fixture });
    client = sdkClient(kefu.baseUrl, acme.app);
    tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    assert.deepEqual(await kefuOk(kefu, 'GET', subscriptionPath, tenant), webhook(receiver.url, undefined, ['helpdesk.ticket.created_v1']));
    assert.equal(receiver.challenges, 0, 'a fixture is the console: not verified');
    await subscribe();
    await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
    await until(() => receiver!.handled.length === 1, 'the created event');
  });

  test("answer_user_query takes the header event_id the app received for a guest's message", async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await putSubscription(webhook(receiver.url, undefined, ['helpdesk.ticket_message.created_v1']));
    await subscribe(ALL_PAIRS.slice(2));
    const guest = await userToken(kefu, acme.plain);
    const { chat_id, ticket_id } = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, guest, {});
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, { msg_type: 'text', content: '{"text":"how do I reset my password?"}' });
    // The fixture's knowledge base answers this question too: the guest's message is the ticket's first event.
    await until(() => receiver!.pushes.length >= 1, 'the message event');
    assert.equal(receiver.pushes[0].event.sender_type, 2);
    const header_event_id = receiver.pushes[0].header.event_id;
    assert.notEqual(header_event_id, receiver.pushes[0].event.event_id);
    const answer = await client.helpdesk.ticket.answerUserQuery({ path: { ticket_id }, data: { event_id: header_event_id } }, lark.withHelpDeskCredential());
    assert.equal(answer.code, 0);
  });

  test('a URL that does not answer the challenge is refused with what it answered; nothing is kept', async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    const wrong = await putSubscription(webhook(receiver.url.replace('/events', '/elsewhere'), undefined));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 154000);
    assert.match(JSON.stringify(wrong.body.error), /request_url/);
    // adaptDefault leaves a request to another path unanswered.
    assert.match(JSON.stringify(wrong.body.error), /it answered no answer within 1000 ms/);
    const gone = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    await gone.close();
    const closed = await putSubscription(webhook(gone.url));
    assert.equal(closed.status, 400);
    assert.match(JSON.stringify(closed.body.error), /ECONNREFUSED/);
    assert.equal((await kefuCall(kefu, 'GET', subscriptionPath, tenant)).status, 404);
  });

  test('events/subscribe refuses an unknown pair, naming it; another app cannot read this app\'s subscription', async () => {
    const err = await sdkFailure(subscribe([{ type: 'helpdesk.ticket', subtype: 'ticket.deleted_v1' }]));
    assert.equal(err.status, 400);
    assert.equal(err.body.code, 154000);
    assert.match(JSON.stringify(err.body), /ticket\.deleted_v1/);
    const other = await issueTenantToken(kefu.baseUrl, acme.readonlyApp);
    const answer = await kefuCall(kefu, 'GET', subscriptionPath, other);
    assert.deepEqual([answer.status, answer.body.code], [403, 154003]);
  });
});
