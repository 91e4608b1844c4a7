// The helpdesk bot answering from the knowledge base: a guest's message in a bot-stage ticket gets the best FAQ
// matches as a bot message (sender_type 1) with its event when bot_auto_answer is on, nothing when no FAQ matches;
// answer_user_query posts the FAQs an app names; the FAQs' categories route the ticket (skill rules 14/15/16).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, asUser, describeEachDatabase, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { eventsSince, kefuOk, outbox, userToken } from '../../../../../support/lifecycle.js';

const hd = acme.helpdesk.helpDeskId;
const passwords = '7100000000000000002';
const say = (text: string) => ({ msg_type: 'text', content: { text } });

describeEachDatabase('the bot answers from FAQs', (dialect) => {
  let kefu: RunningKefu;
  let guest: string;
  before(async () => {
    kefu = await startKefu(dialect);
    guest = await userToken(kefu, acme.guestZhang);
  });
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  // Each test's ticket a second after the last one's: the guest's chat lists its messages in time order.
  const startChat = () => {
    kefu.clock.advance(1000);
    return kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${hd}/chats`, guest, {});
  };
  const messagesOf = async (chat_id: string) => (await kefuOk(kefu, 'GET', `/kefu/v1/chats/${chat_id}/messages`, guest)).messages as any[];
  const textOf = (m: any) => JSON.parse(m.content).content as string;
  const messageEvents = async (before: any[]) => (await eventsSince(kefu, before)).filter((e) => e.event_type === 'helpdesk.ticket_message.created_v1');
  const close = (chat_id: string) => kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/close`, guest, {});

  test('a question that matches a FAQ gets its answer as a bot message, with the message event, in the same ticket', async () => {
    const { chat_id } = await startChat();
    const before = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('I forgot my password, how can I reset it?'));
    const messages = await messagesOf(chat_id);
    const bot = messages[messages.length - 1];
    assert.equal(bot.user_id, undefined, 'the bot has no user id');
    assert.equal(bot.user_name, 'Acme IT', "the bot speaks with the helpdesk's name");
    assert.equal(textOf(bot), 'How do I reset my password?\nOpen Settings > Security and choose Reset password.');
    const events = await messageEvents(before);
    assert.deepEqual(events.map((e) => e.event.sender_type), [2, 1]);
    assert.equal(events[1].event.text, textOf(bot));
    assert.equal(events[1].event.ticket.ticket_id, events[0].event.ticket.ticket_id);
    await close(chat_id);
  });

  test('a message no FAQ matches gets no answer; neither does any message once bot_auto_answer is off', async () => {
    const { chat_id } = await startChat();
    const first = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('Good morning, lovely weather'));
    assert.deepEqual((await messageEvents(first)).map((e) => e.event.sender_type), [2]);
    await kefuOk(kefu, 'PATCH', `/kefu/v1/helpdesks/${hd}/settings`, acme.ownerToken, { bot_auto_answer: false }, true);
    const before = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('How do I reset my password?'));
    assert.deepEqual((await messageEvents(before)).map((e) => e.event.sender_type), [2]);
    await kefuOk(kefu, 'PATCH', `/kefu/v1/helpdesks/${hd}/settings`, acme.ownerToken, { bot_auto_answer: true }, true);
    await close(chat_id);
  });

  test('a human ticket gets no bot answer', async () => {
    const { chat_id } = await kefuOk(kefu, 'POST', `/kefu/v1/helpdesks/${hd}/chats`, guest, { human_service: true });
    const before = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('How do I reset my password?'));
    assert.deepEqual((await messageEvents(before)).map((e) => e.event.sender_type), [2]);
    await close(chat_id);
  });

  test('answer_user_query posts the named FAQs, best score first; an unknown or deleted FAQ is refused and posts nothing', async () => {
    await kefuOk(kefu, 'PATCH', `/kefu/v1/helpdesks/${hd}/settings`, acme.ownerToken, { bot_auto_answer: false }, true);
    const { chat_id } = await startChat();
    const before = await outbox(kefu);
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('network and invoices'));
    const [question] = await messageEvents(before);
    const ticket_id = question.event.ticket.ticket_id;
    const answer = (faqs: any[]) => client().helpdesk.ticket.answerUserQuery({ path: { ticket_id }, data: { event_id: question.event.event_id, faqs } }, lark.withHelpDeskCredential());
    const count = (await messagesOf(chat_id)).length;
    for (const [faqs, field] of [
      [[{ id: '7200000000000000002', score: 0.5 }, { id: '404', score: 0.9 }], 'faqs[1].id'],
      [[{ id: '7200000000000000004', score: 0.5 }], 'faqs[0].id'],
      [[{ id: '7300000000000000002', score: 0.5 }], 'faqs[0].id'],
    ] as const) {
      const failure = await sdkFailure(answer([...faqs]));
      assert.equal(failure.status, 400);
      assert.equal(failure.body.code, 154000);
      assert.equal(failure.body.error.field_violations[0].field, field);
    }
    assert.equal((await messagesOf(chat_id)).length, count);
    assert.equal((await answer([{ id: '7200000000000000002', score: 0.4 }, { id: '7200000000000000003', score: 0.8 }])).code, 0);
    const messages = await messagesOf(chat_id);
    assert.equal(messages.length, count + 1);
    assert.equal(textOf(messages[count]).split('\n\n').map((part) => part.split('\n')[0]).join(' | '), '請求書はどこでダウンロードできますか？ | VPN 连接失败怎么办？');
    await kefuOk(kefu, 'PATCH', `/kefu/v1/helpdesks/${hd}/settings`, acme.ownerToken, { bot_auto_answer: true }, true);
    await close(chat_id);
  });

  test("the answered FAQs' categories are the ticket's FAQ categories: an FAQ-category skill takes the ticket", async () => {
    const skill = await client().helpdesk.agentSkill.create(
      { data: { name: 'Password desk', rules: [{ id: '15', selected_operator: 8, operand: JSON.stringify({ categories: [{ id: passwords, name: 'Passwords' }] }) }], agent_ids: [acme.alice] } as any },
      asUser(acme.ownerToken),
    );
    const skill_id = (skill.data as any).agent_skill_id as string;
    const { chat_id } = await startChat();
    await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('the password reset link'));
    const { ticket_id } = await kefuOk(kefu, 'POST', `/kefu/v1/chats/${chat_id}/transfer`, guest);
    const routing = (await client().request({ method: 'GET', url: `/kefu/v1/tickets/${ticket_id}/routing` }, lark.withHelpDeskCredential())) as any;
    const [decision] = routing.data.decisions;
    assert.deepEqual(decision.subject.faq_categories, [passwords]);
    assert.deepEqual(decision.skills.find((s: any) => s.skill_id === skill_id), { skill_id, matched: true });
    assert.equal(decision.agent_id, acme.alice);
    await close(chat_id);
  });
});
