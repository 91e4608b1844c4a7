// The push centre through the official SDK: create, get, patch, preview, submit_approve, cancel_approve,
// execute_send, cancel_send, and Kefu's owner review; what each user then reads in their chat with the helpdesk bot;
// notification.approve_v1 as the receiving app's SDK gets it; every refusal with its code and nothing written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../../../../../support/callers.js';
import { acme, asHelpdesk, asUser, describeEachDatabase, exampleFixture, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { kefuCall, kefuOk, userToken } from '../../../../../support/lifecycle.js';
import { snapshot } from '../../../../../support/state.js';
import { startReceiver, until, type Receiver } from '../../../../../support/event-receiver.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

const APPROVE_EVENT = 'helpdesk.notification.approve_v1';
const card = JSON.stringify({ config: { wide_screen_mode: true }, elements: [{ tag: 'div', text: { tag: 'lark_md', content: '**Maintenance** tonight 22:00' } }] });
/** Zhang by name and the finance department (Li Si): two users. */
const draft = (over: Record<string, unknown> = {}) => ({
  job_name: 'Maintenance window',
  push_content: card,
  push_type: 0,
  push_scope_type: 2,
  user_list: [{ user_id: acme.guestZhang }],
  department_list: [{ department_id: 'od-finance', name: 'Finance' }],
  ...over,
});

describeEachDatabase('notifications (the push centre)', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  let receiver: Receiver;
  const tokens = new Map<string, string>();
  before(async () => {
    kefu = await startKefu(dialect, { testClock: true });
    client = sdkClient(kefu.baseUrl, acme.app);
    // The app lists notification.approve_v1 in its subscription and never calls events/subscribe.
    receiver = await startReceiver({ verificationToken: 'vt-notify' }, [APPROVE_EVENT]);
    const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
    await kefuOk(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, {
      mode: 'webhook', request_url: receiver.url, verification_token: 'vt-notify', event_types: [APPROVE_EVENT],
    });
    for (const open_id of [acme.owner, acme.admin, acme.alice, acme.guestZhang, acme.guestLi, acme.plain]) tokens.set(open_id, await userToken(kefu, open_id));
  });
  after(async () => {
    await kefu.close();
    await receiver.close();
  });

  const api = () => client.helpdesk.notification;
  const path = (notification_id: string) => ({ path: { notification_id } });
  const create = async (data: Record<string, unknown> = draft(), token = acme.ownerToken) => {
    const res = await api().create({ data }, asUser(token));
    assert.equal(res.code, 0, JSON.stringify(res));
    return res.data!.notification_id!;
  };
  const get = async (id: string) => (await api().get(path(id), asHelpdesk())).data!.notification!;
  const status = async (id: string) => (await get(id)).status;
  const moveClock = (advance_ms: number) => fetch(`${kefu.baseUrl}/kefu/v1/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms }) });
  /** What the push centre's calls write (tokens the SDK fetches and deliveries in flight aside). */
  const everything = () => snapshot(kefu.app.kefu.store.database.db, ['notifications', 'notification_recipients', 'chats', 'messages', 'event_outbox']);
  /** What a user reads in their chat with acme's helpdesk bot, through Kefu's guest API. */
  async function botChat(open_id: string): Promise<any[]> {
    const token = tokens.get(open_id)!;
    const { chats } = await kefuOk(kefu, 'GET', '/kefu/v1/chats', token);
    const chat = chats.find((c: any) => c.kind === 'bot' && c.helpdesk_id === acme.helpdesk.helpDeskId);
    return chat ? (await kefuOk(kefu, 'GET', `/kefu/v1/chats/${chat.chat_id}/messages?page_size=200`, token)).messages : [];
  }
  const cards = async (open_id: string) => (await botChat(open_id)).filter((m) => m.message_type === 'interactive').map((m) => JSON.parse(m.content));
  const approvals = (id: string) => receiver.pushes.filter((p) => p.header.event_type === APPROVE_EVENT && p.event.notification_id === id).map((p) => p.event.approve_status);

  test('create answers a draft; get answers every field as the SDK types it, the targeted users resolved', async () => {
    const res = await api().create({ data: draft({ ext: '{}', send_at: '1790000000000' }) }, asUser(acme.ownerToken));
    assert.equal(res.code, 0);
    assert.equal(res.data!.status, 0);
    const id = res.data!.notification_id!;
    assert.match(id, /^[0-9]{19}$/);
    const owner = { user_id: acme.owner, avatar_url: `https://avatars.example/${acme.owner}.png`, name: 'Olivia Owner' };
    assert.deepEqual(await get(id), {
      id,
      job_name: 'Maintenance window',
      status: 0,
      create_user: owner,
      created_at: String(kefu.clock.now()),
      update_user: owner,
      updated_at: String(kefu.clock.now()),
      target_user_count: 2,
      sent_user_count: 0,
      read_user_count: 0,
      send_at: '1790000000000',
      push_content: card,
      push_type: 0,
      push_scope_type: 2,
      new_staff_scope_department_list: [],
      user_list: [{ user_id: acme.guestZhang, avatar_url: `https://avatars.example/${acme.guestZhang}.png`, name: 'Zhang San' }],
      department_list: [{ department_id: 'od-finance', name: 'Finance' }],
      chat_list: [],
      ext: '{}',
    });
    // A tenant token reads it too (the Go SDK allows either token).
    const asOwner = await api().get(path(id), asUser(acme.ownerToken));
    assert.equal(asOwner.data!.notification!.id, id);
  });

  test('patch a draft: present fields change, absent ones stay, the updater is recorded', async () => {
    const id = await create();
    await moveClock(1000);
    const res = await api().patch({ ...path(id), data: { job_name: 'Maintenance moved', department_list: [] } }, asUser(acme.adminToken));
    assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
    const n = await get(id);
    assert.equal(n.job_name, 'Maintenance moved');
    assert.equal(n.push_content, card);
    assert.deepEqual(n.user_list!.map((u) => u.user_id), [acme.guestZhang]);
    assert.deepEqual(n.department_list, []);
    assert.equal(n.target_user_count, 1);
    assert.equal(n.update_user!.user_id, acme.admin);
    assert.equal(n.create_user!.user_id, acme.owner);
    assert.equal(n.updated_at, String(kefu.clock.now()));
  });

  test("the owner's submission is approved at once (APPROVED reaches the app); a scheduled send fires when the clock reaches it", async () => {
    const id = await create();
    const submitted = await api().submitApprove({ ...path(id), data: { reason: 'planned downtime' } }, asUser(acme.ownerToken));
    assert.deepEqual(submitted, { code: 0, msg: 'success', data: { has_access: true } });
    assert.equal(await status(id), 2);
    await until(() => approvals(id).length === 1, 'the APPROVED event');
    const push = receiver.pushes.find((p) => p.event.notification_id === id);
    assert.equal(push.header.app_id, acme.app.appId);
    assert.deepEqual(push.event, { notification_id: id, helpdesk_id: acme.helpdesk.helpDeskId, approve_status: 'APPROVED' });
    // What the SDK's EventDispatcher hands a handler registered for the type.
    const handled = receiver.handled.find((h) => h.data.notification_id === id)!;
    assert.equal(handled.type, APPROVE_EVENT);
    assert.deepEqual([handled.data.helpdesk_id, handled.data.approve_status, handled.data.event_type], [acme.helpdesk.helpDeskId, 'APPROVED', APPROVE_EVENT]);

    const send_at = kefu.clock.now() + 10 * 60_000;
    assert.equal((await api().executeSend({ ...path(id), data: { send_at: String(send_at) } }, asUser(acme.ownerToken))).code, 0);
    const scheduled = await get(id);
    assert.deepEqual([scheduled.status, scheduled.send_at, scheduled.sent_user_count], [4, String(send_at), 0]);
    assert.deepEqual(await cards(acme.guestZhang), []);

    await moveClock(9 * 60_000);
    assert.equal(await status(id), 4, 'not yet: a minute is left');
    await moveClock(60_000);
    const sent = await get(id);
    assert.deepEqual([sent.status, sent.sent_user_count, sent.target_user_count], [6, 2, 2]);
    for (const user of [acme.guestZhang, acme.guestLi]) {
      const messages = (await botChat(user)).filter((m) => m.message_type === 'interactive');
      assert.equal(messages.length, 1, user);
      assert.deepEqual(JSON.parse(messages[0].content), { msg_type: 'interactive', content: JSON.parse(card) });
      assert.equal(messages[0].created_at, send_at);
      assert.equal(messages[0].user_name, 'Acme IT');
    }
    // Nobody else was targeted.
    for (const user of [acme.alice, acme.plain]) assert.deepEqual(await cards(user), [], user);
  });

  test("an admin's submission waits for the owner, who is told by the bot; reject, edit, resubmit, cancel, approve", async () => {
    const id = await create(draft({ job_name: 'Quarter close' }), acme.adminToken);
    const before = receiver.pushes.length;
    assert.deepEqual((await api().submitApprove({ ...path(id), data: { reason: 'finance asked' } }, asUser(acme.adminToken))).data, { has_access: true });
    assert.equal(await status(id), 1);
    const told = (await botChat(acme.owner)).map((m) => JSON.parse(m.content).content);
    assert.ok(told.some((t) => typeof t === 'string' && t.includes('"Quarter close"') && t.includes('finance asked') && t.includes(`/kefu/v1/notifications/${id}/review`)), JSON.stringify(told));

    // Only the owner reviews.
    const byAdmin = await kefuCall(kefu, 'POST', `/kefu/v1/notifications/${id}/review`, acme.adminToken, { approve: true }, true);
    assert.deepEqual([byAdmin.status, byAdmin.body.code], [403, 154003]);
    assert.equal(await status(id), 1);

    assert.deepEqual(await kefuOk(kefu, 'POST', `/kefu/v1/notifications/${id}/review`, acme.ownerToken, { approve: false }, true), { status: 3 });
    // A rejected notification is edited back into a draft and submitted again.
    await api().patch({ ...path(id), data: { job_name: 'Quarter close (v2)' } }, asUser(acme.adminToken));
    assert.equal(await status(id), 0);
    await api().submitApprove({ ...path(id), data: { reason: 'again' } }, asUser(acme.adminToken));
    assert.equal((await api().cancelApprove(path(id), asUser(acme.adminToken))).code, 0);
    assert.equal(await status(id), 0);
    await api().submitApprove({ ...path(id), data: { reason: 'for real' } }, asUser(acme.adminToken));
    assert.deepEqual(await kefuOk(kefu, 'POST', `/kefu/v1/notifications/${id}/review`, acme.ownerToken, { approve: true }, true), { status: 2 });

    await until(() => approvals(id).length === 3, 'three review events');
    assert.deepEqual(approvals(id), ['REJECTED', 'CANCELED', 'APPROVED']);
    assert.ok(receiver.pushes.length >= before + 3);
  });

  test('two timer passes firing the same scheduled send at once (two processes) send it once', async () => {
    const id = await create(draft({ user_list: [{ user_id: acme.guestLi }], department_list: [] }));
    await api().submitApprove({ ...path(id), data: { reason: 'r' } }, asUser(acme.ownerToken));
    const send_at = kefu.clock.now() + 1000;
    await api().executeSend({ ...path(id), data: { send_at: String(send_at) } }, asUser(acme.ownerToken));
    const already = (await cards(acme.guestLi)).length;
    const notifications = kefu.app.kefu.notifications;
    const due = (await notifications.due(send_at)).filter((n) => n.notification_id === id);
    assert.equal(due.length, 1);
    await Promise.all([notifications.sendDue(due[0], send_at), notifications.sendDue(due[0], send_at)]);
    assert.deepEqual([await status(id), (await get(id)).sent_user_count, (await cards(acme.guestLi)).length], [6, 1, already + 1]);
  });

  test('execute_send with a time already come sends at once; cancel_send with is_recall takes the messages back', async () => {
    const id = await create(draft({ user_list: [{ user_id: acme.plain }], department_list: [] }));
    await api().submitApprove({ ...path(id), data: { reason: 'now' } }, asUser(acme.ownerToken));
    const already = (await cards(acme.plain)).length;
    await api().executeSend({ ...path(id), data: { send_at: String(kefu.clock.now() - 1000) } }, asUser(acme.ownerToken));
    assert.deepEqual([await status(id), (await get(id)).sent_user_count], [6, 1]);
    assert.equal((await cards(acme.plain)).length, already + 1);

    assert.equal((await api().cancelSend({ ...path(id), data: { is_recall: true } }, asUser(acme.adminToken))).code, 0);
    const cancelled = await get(id);
    assert.deepEqual([cancelled.status, cancelled.sent_user_count], [7, 0]);
    assert.equal((await cards(acme.plain)).length, already);
  });

  test('cancel_send without recall stops a scheduled send (nothing goes out later) and leaves sent messages alone', async () => {
    const scheduled = await create(draft({ user_list: [{ user_id: acme.alice }], department_list: [] }));
    await api().submitApprove({ ...path(scheduled), data: { reason: 'r' } }, asUser(acme.ownerToken));
    await api().executeSend({ ...path(scheduled), data: { send_at: String(kefu.clock.now() + 60_000) } }, asUser(acme.ownerToken));
    await api().cancelSend({ ...path(scheduled), data: { is_recall: false } }, asUser(acme.ownerToken));
    await moveClock(120_000);
    assert.equal(await status(scheduled), 7);
    assert.deepEqual(await cards(acme.alice), []);

    const sent = await create(draft({ user_list: [{ user_id: acme.alice }], department_list: [] }));
    await api().submitApprove({ ...path(sent), data: { reason: 'r' } }, asUser(acme.ownerToken));
    await api().executeSend({ ...path(sent), data: { send_at: String(kefu.clock.now()) } }, asUser(acme.ownerToken));
    await api().cancelSend({ ...path(sent), data: { is_recall: false } }, asUser(acme.ownerToken));
    assert.deepEqual([await status(sent), (await get(sent)).sent_user_count, (await cards(acme.alice)).length], [7, 1, 1]);
  });

  test("preview sends the card to the caller's own chat with the bot and changes nothing else", async () => {
    const id = await create();
    const before = await get(id);
    const already = (await cards(acme.admin)).length;
    assert.deepEqual(await api().preview(path(id), asUser(acme.adminToken)), { code: 0, msg: 'success', data: {} });
    assert.equal((await cards(acme.admin)).length, already + 1);
    assert.deepEqual(await get(id), before);
  });

  test('preview and submit_approve need no helpdesk header: the notification names its helpdesk, and the role is checked there', async () => {
    const id = await create();
    const alone = (token: string) => lark.withUserAccessToken(token);
    const already = (await cards(acme.admin)).length;
    assert.equal((await api().preview(path(id), alone(acme.adminToken))).code, 0);
    assert.equal((await cards(acme.admin)).length, already + 1);
    const state = await everything();
    const refusals: [() => Promise<unknown>, number, number][] = [
      [() => api().preview(path(id), alone(acme.plainUserToken)), 403, 154003],
      [() => api().submitApprove({ ...path(id), data: { reason: 'r' } }, alone(acme.plainUserToken)), 403, 154003],
      [() => api().preview(path('7000000000000000000'), alone(acme.adminToken)), 404, 154004],
      [() => sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.notification.submitApprove({ ...path(id), data: { reason: 'r' } }, alone(globex.ownerToken)), 404, 154004],
      // Other calls still need it.
      [() => api().cancelApprove(path(id), alone(acme.ownerToken)), 401, 154001],
    ];
    for (const [call, status, code] of refusals) {
      const failure = await sdkFailure(call());
      assert.deepEqual([failure.status, failure.body.code], [status, code], JSON.stringify(failure.body));
    }
    assert.equal(await everything(), state);
    assert.deepEqual((await api().submitApprove({ ...path(id), data: { reason: 'no header' } }, alone(acme.ownerToken))).data, { has_access: true });
    assert.equal(await status(id), 2);
  });

  test('push_scope_type 0 reaches every member of the tenant, and nobody of another tenant', async () => {
    const id = await create(draft({ push_scope_type: 0, user_list: [], department_list: [] }));
    assert.equal((await get(id)).target_user_count, 8);
    await api().submitApprove({ ...path(id), data: { reason: 'all hands' } }, asUser(acme.ownerToken));
    await api().executeSend({ ...path(id), data: { send_at: String(kefu.clock.now()) } }, asUser(acme.ownerToken));
    assert.equal((await get(id)).sent_user_count, 8);
    const globexChats = await kefuOk(kefu, 'GET', '/kefu/v1/chats', globex.ownerToken);
    assert.deepEqual(globexChats.chats, []);
  });

  test('calls in the wrong state are 405/154005 and write nothing', async () => {
    const draftId = await create();
    const approved = await create();
    await api().submitApprove({ ...path(approved), data: { reason: 'r' } }, asUser(acme.ownerToken));
    const sent = await create(draft({ user_list: [{ user_id: acme.plain }], department_list: [] }));
    await api().submitApprove({ ...path(sent), data: { reason: 'r' } }, asUser(acme.ownerToken));
    await api().executeSend({ ...path(sent), data: { send_at: '0' } }, asUser(acme.ownerToken));
    const cancelled = await create();
    await api().submitApprove({ ...path(cancelled), data: { reason: 'r' } }, asUser(acme.ownerToken));
    await api().cancelSend({ ...path(cancelled), data: { is_recall: false } }, asUser(acme.ownerToken));

    const owner = asUser(acme.ownerToken);
    const state = await everything();
    const calls: [string, () => Promise<unknown>][] = [
      ['patch an approved one', () => api().patch({ ...path(approved), data: { job_name: 'x' } }, owner)],
      ['submit an approved one', () => api().submitApprove({ ...path(approved), data: { reason: 'again' } }, owner)],
      ['cancel the review of a draft', () => api().cancelApprove(path(draftId), owner)],
      ['send a draft', () => api().executeSend({ ...path(draftId), data: { send_at: '0' } }, owner)],
      ['cancel the send of a draft', () => api().cancelSend({ ...path(draftId), data: { is_recall: true } }, owner)],
      ['send a sent one again', () => api().executeSend({ ...path(sent), data: { send_at: '0' } }, owner)],
      ['preview a sent one', () => api().preview(path(sent), owner)],
      ['patch a cancelled one', () => api().patch({ ...path(cancelled), data: { job_name: 'x' } }, owner)],
      ['cancel a cancelled one', () => api().cancelSend({ ...path(cancelled), data: { is_recall: true } }, owner)],
      ['review a draft', () => kefuCall(kefu, 'POST', `/kefu/v1/notifications/${draftId}/review`, acme.ownerToken, { approve: true }, true).then((a) => Promise.reject({ response: { status: a.status, data: a.body } }))],
    ];
    for (const [what, call] of calls) {
      const failure = await sdkFailure(call());
      assert.deepEqual([failure.status, failure.body.code, failure.body.data], [405, 154005, {}], what);
    }
    assert.equal(await everything(), state);
  });

  test('an unknown notification, or another helpdesk\'s, is 404/154004 on every call', async () => {
    const ours = await create();
    const globexClient = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk);
    const theirs = (await globexClient.helpdesk.notification.create({ data: draft({ user_list: [], department_list: [{ department_id: 'od-support' }] }) }, asUser(globex.ownerToken))).data!.notification_id!;
    const state = await everything();
    const cases: [lark.Client, string, string][] = [
      [client, '7000000000000000000', acme.ownerToken],
      [client, theirs, acme.ownerToken],
      [globexClient, ours, globex.ownerToken],
    ];
    for (const [c, id, token] of cases) {
      const n = c.helpdesk.notification;
      const as = asUser(token);
      for (const call of [
        () => n.get(path(id), asHelpdesk()),
        () => n.patch({ ...path(id), data: { job_name: 'x' } }, as),
        () => n.preview(path(id), as),
        () => n.submitApprove({ ...path(id), data: { reason: 'x' } }, as),
        () => n.cancelApprove(path(id), as),
        () => n.executeSend({ ...path(id), data: { send_at: '0' } }, as),
        () => n.cancelSend({ ...path(id), data: { is_recall: true } }, as),
      ]) {
        const failure = await sdkFailure(call());
        assert.deepEqual([failure.status, failure.body.code, failure.body.error.field_violations[0].field], [404, 154004, 'notification_id'], `${id}`);
      }
    }
    const review = await kefuCall(kefu, 'POST', `/kefu/v1/notifications/${theirs}/review`, acme.ownerToken, { approve: true }, true);
    assert.deepEqual([review.status, review.body.code], [404, 154004]);
    assert.equal(await everything(), state);
  });

  test('bad input is 400/154000 naming the field, and writes nothing', async () => {
    const id = await create();
    const state = await everything();
    const owner = asUser(acme.ownerToken);
    const bad: [Record<string, unknown>, string[]][] = [
      [{ ...draft(), job_name: undefined }, ['job_name']],
      [draft({ push_content: 'not json' }), ['push_content']],
      [draft({ push_content: '[1,2]' }), ['push_content']],
      [draft({ push_type: 1, push_scope_type: 3, new_staff_scope_type: 0 }), ['push_type', 'push_scope_type']],
      [draft({ push_scope_type: 1, user_list: [], department_list: [], chat_list: [{ chat_id: 'oc_1' }] }), ['chat_list', 'push_scope_type']],
      [draft({ push_scope_type: 0 }), ['user_list']],
      [draft({ user_list: [], department_list: [] }), ['user_list']],
      [draft({ user_list: [{ user_id: 'ou_nobody' }, { name: 'no id' }] }), ['user_list[1].user_id', 'user_list[0].user_id']],
      [draft({ user_list: [{ user_id: 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }] }), ['user_list[0].user_id']],
      [draft({ push_scope_type: 4 }), ['push_scope_type']],
    ];
    for (const [data, fields] of bad) assertBadFields(await sdkFailure(api().create({ data: data as any }, owner)), fields);
    assertBadFields(await sdkFailure(api().create({ data: draft() as any, params: { user_id_type: 'union_id' } }, owner)), ['user_id_type']);
    assertBadFields(await sdkFailure(api().patch({ ...path(id), data: { push_scope_type: 0 } }, owner)), ['user_list']);
    assertBadFields(await sdkFailure(api().submitApprove({ ...path(id), data: {} as any }, owner)), ['reason']);
    await api().submitApprove({ ...path(id), data: { reason: 'r' } }, owner);
    const approvedState = await everything();
    for (const send_at of ['soon', '-1', '1.5e12', '']) assertBadFields(await sdkFailure(api().executeSend({ ...path(id), data: { send_at } }, owner)), ['send_at']);
    assertBadFields(await sdkFailure(api().cancelSend({ ...path(id), data: {} as any }, owner)), ['is_recall']);
    assert.equal(await everything(), approvedState);
    assert.notEqual(state, approvedState);
  });

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.notification.create({ data: draft() }, options), () => everything());
  refusesWhoMayNotWrite(
    () => kefu,
    (c, options) => c.helpdesk.notification.submitApprove({ path: { notification_id: '7000000000000000000' }, data: { reason: 'r' } }, options),
    () => everything(),
  );
});

/** A second helpdesk in acme's tenant, with the same owner. */
const second = { helpDeskId: '6626871355780366999', helpDeskToken: 'acme-second-helpdesk-token' };
function withSecondHelpdesk() {
  const fixture = structuredClone(exampleFixture) as any;
  fixture.tenants[0].helpdesks.push({
    helpdesk_id: second.helpDeskId, helpdesk_token: second.helpDeskToken, name: 'Acme HR', time_zone: 'Asia/Shanghai', owner: acme.owner, admins: [],
    skills: [{ id: 'hr-default', name: 'HR', is_default: true, rules: [], agent_ids: [] }], agents: [], tickets: [],
  });
  return fixture;
}

describeEachDatabase('notifications of two helpdesks in one tenant', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect, { fixture: withSecondHelpdesk() })));
  after(() => kefu.close());

  test("one helpdesk's notification is unknown to the other's header, and its send lands in its own bot chats", async () => {
    const first = sdkClient(kefu.baseUrl, acme.app).helpdesk.notification;
    const other = sdkClient(kefu.baseUrl, acme.app, second).helpdesk.notification;
    const owner = asUser(acme.ownerToken);
    const id = (await first.create({ data: draft({ user_list: [{ user_id: acme.guestLi }], department_list: [] }) }, owner)).data!.notification_id!;
    const state = await snapshot(kefu.app.kefu.store.database.db, ['notifications', 'notification_recipients', 'chats', 'messages', 'event_outbox']);
    for (const call of [
      () => other.get({ path: { notification_id: id } }, asHelpdesk()),
      () => other.patch({ path: { notification_id: id }, data: { job_name: 'x' } }, owner),
      () => other.submitApprove({ path: { notification_id: id }, data: { reason: 'x' } }, owner),
      () => other.executeSend({ path: { notification_id: id }, data: { send_at: '0' } }, owner),
      () => other.cancelSend({ path: { notification_id: id }, data: { is_recall: true } }, owner),
    ]) {
      const failure = await sdkFailure(call());
      assert.deepEqual([failure.status, failure.body.code], [404, 154004]);
    }
    assert.equal(await snapshot(kefu.app.kefu.store.database.db, ['notifications', 'notification_recipients', 'chats', 'messages', 'event_outbox']), state);

    // Without a header, the notification names its own helpdesk.
    await first.submitApprove({ path: { notification_id: id }, data: { reason: 'r' } }, lark.withUserAccessToken(acme.ownerToken));
    await first.executeSend({ path: { notification_id: id }, data: { send_at: '0' } }, owner);
    const li = await userToken(kefu, acme.guestLi);
    const { chats } = await kefuOk(kefu, 'GET', '/kefu/v1/chats', li);
    assert.deepEqual(chats.map((c: any) => [c.helpdesk_id, c.kind]), [[acme.helpdesk.helpDeskId, 'bot']]);
  });
});
