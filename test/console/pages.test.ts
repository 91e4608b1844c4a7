// The console over plain HTTP on both databases: sign-in by link gives a session, pages answer for the right roles,
// forms write through the services (a Feishu client reads the result), what people type is escaped, and the static
// files carry their cache headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { issueTenantToken } from '../support/callers.js';
import { startReceiver, until } from '../support/event-receiver.js';
import { acme, asHelpdesk, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall, kefuOk } from '../support/lifecycle.js';

describeEachDatabase('the console over HTTP', (dialect) => {
  let kefu: RunningKefu;
  before(async () => {
    kefu = await startKefu(dialect);
  });
  after(async () => kefu?.close());

  /** A signed-in person's cookie, from a sign-in link followed as a browser would. */
  async function cookieOf(open_id: string): Promise<string> {
    const { url } = await kefu.app.kefu.signIn.createLoginLink({ open_id, next: '/console', baseUrl: kefu.baseUrl });
    const answer = await fetch(url, { redirect: 'manual' });
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), '/console');
    return answer.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  const get = (cookie: string, path: string) => fetch(`${kefu.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  const post = (cookie: string, path: string, form: Record<string, string>) =>
    fetch(`${kefu.baseUrl}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), redirect: 'manual' });
  const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];
  const h1 = (page: string) => /<h1>(.*?)<\/h1>/s.exec(page)?.[1];

  test('without a session a page sends the browser to sign in and back; a form is refused', async () => {
    for (const path of ['/console', '/console/tickets?view=all', '/console/chat', '/console/skills']) {
      const answer = await fetch(`${kefu.baseUrl}${path}`, { redirect: 'manual' });
      assert.equal(answer.status, 303, path);
      assert.equal(answer.headers.get('location'), `/sign-in?next=${encodeURIComponent(path)}`);
    }
    const form = await post('', '/console/chat/messages', { text: 'hello' });
    assert.equal(form.status, 401);
    assert.equal(h1(await form.text()), 'Sign in');
  });

  test('the owner lands on the tickets and sees every admin page; a guest is sent to the chat and refused the rest', async () => {
    const owner = await cookieOf(acme.owner);
    const home = await get(owner, '/console');
    assert.equal(home.headers.get('location'), '/console/tickets');
    for (const [path, title] of [['/console/tickets?view=all', 'Tickets'], ['/console/tickets/6626871355780366331', 'Ticket 6626871355780366331'], ['/console/skills', 'Skills'], ['/console/schedules', 'Schedules'], ['/console/agents', 'Agents'], ['/console/apps', 'Apps'], ['/console/knowledge-base', 'Knowledge base']]) {
      const answer = await get(owner, path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.equal(h1(await answer.text()), title);
    }
    // The owner serves no tickets: the list opens on all of them; an agent's opens on their own.
    assert.match(await (await get(owner, '/console/tickets')).text(), /<h2>All tickets/);
    assert.match(await (await get(await cookieOf(acme.alice), '/console/tickets')).text(), /<h2>My tickets/);
    const guest = await cookieOf(acme.guestLi);
    assert.equal((await get(guest, '/console')).headers.get('location'), '/console/chat');
    for (const path of ['/console/tickets', '/console/skills', '/console/apps']) assert.equal((await get(guest, path)).status, 403, path);
  });

  test('a guest\'s chat and an owner\'s reply are written through the services: a Feishu client reads them, escaped on the page', async () => {
    const guest = await cookieOf(acme.guestLi);
    const chat = await (await get(guest, '/console/chat')).text();
    assert.equal((await post(guest, '/console/chat/start', { _csrf: csrfIn(chat), human_service: 'true' })).status, 303);
    const typed = '<script>alert("hi")</script> & more';
    assert.equal((await post(guest, '/console/chat/messages', { _csrf: csrfIn(chat), text: typed })).status, 303);
    const shown = await (await get(guest, '/console/chat')).text();
    assert.ok(shown.includes('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; more'), 'the message is shown as text');
    assert.ok(!shown.includes('<script>alert'), 'never as markup');

    const client = sdkClient(kefu.baseUrl, acme.app);
    const tickets = (await client.helpdesk.ticket.list({ params: { guest_id: acme.guestLi, status_list: [1] } as any }, asHelpdesk())).data!;
    assert.equal(tickets.total, 1);
    const ticket_id = tickets.tickets![0].ticket_id!;

    const owner = await cookieOf(acme.owner);
    const page = await (await get(owner, `/console/tickets/${ticket_id}`)).text();
    assert.ok(page.includes('&lt;script&gt;alert'), 'the agent\'s page escapes it too');
    assert.equal((await post(owner, `/console/tickets/${ticket_id}/replies`, { _csrf: csrfIn(page), text: 'Looking into it' })).status, 303);
    const listed = (await client.helpdesk.ticketMessage.list({ path: { ticket_id }, params: { page: 1, page_size: 50 } }, asHelpdesk())).data!;
    const texts = listed.messages!.map((m) => JSON.parse(m.content!).content);
    assert.deepEqual(texts, [typed, 'Looking into it']);
    assert.equal(listed.messages![1].user_id, acme.owner);
  });

  test('the ticket list filters as the API does; an agent sets their own status; customized fields are saved', async () => {
    const owner = await cookieOf(acme.owner);
    const client = sdkClient(kefu.baseUrl, acme.app);
    const closed = (await client.helpdesk.ticket.list({ params: { status_list: [50, 51, 52] } as any }, asHelpdesk())).data!;
    const page = await (await get(owner, '/console/tickets?view=all&status_list=50&status_list=51&status_list=52')).text();
    const listed = [...page.matchAll(/>Ticket (\d+)<\/a>/g)].map((m) => m[1]);
    assert.ok(listed.length > 0);
    assert.deepEqual(listed, closed.tickets!.map((t) => t.ticket_id));

    const alice = await cookieOf(acme.alice);
    const mine = await (await get(alice, '/console/tickets')).text();
    assert.match(mine, /My status: <strong>Online<\/strong>/);
    assert.equal((await post(alice, '/console/me/status', { _csrf: csrfIn(mine), status: '2' })).status, 303);
    const offline = (await client.helpdesk.agentSchedule.list({ params: { status: [2] } as any }, asHelpdesk())).data!;
    assert.ok(offline.agent_schedules!.some((a) => a.agent?.id === acme.alice), 'Alice is offline for the API too');
    assert.match(await (await get(alice, '/console/tickets')).text(), /My status: <strong>Offline<\/strong>/);

    const ticket_id = '6626871355780366331';
    const ticketPage = await (await get(owner, `/console/tickets/${ticket_id}`)).text();
    const box = /<label>Device <input name="(field_[^"]+)"/.exec(ticketPage)![1];
    assert.equal((await post(owner, `/console/tickets/${ticket_id}/fields`, { _csrf: csrfIn(ticketPage), [box]: 'MacBook Pro' })).status, 303);
    const ticket = (await client.helpdesk.ticket.get({ path: { ticket_id } }, asHelpdesk())).data!.ticket! as any;
    assert.equal(ticket.customized_fields.find((f: any) => f.display_name === 'Device').value, 'MacBook Pro');
  });

  test('a guest talks to the bot, asks for a human, and closes with a score', async () => {
    const guest = await cookieOf(acme.plain);
    const chat = await (await get(guest, '/console/chat')).text();
    assert.equal((await post(guest, '/console/chat/start', { _csrf: csrfIn(chat) })).status, 303);
    assert.equal((await post(guest, '/console/chat/messages', { _csrf: csrfIn(chat), text: 'Where is my invoice?' })).status, 303);
    const client = sdkClient(kefu.baseUrl, acme.app);
    const open = async () => (await client.helpdesk.ticket.list({ params: { guest_id: acme.plain } as any }, asHelpdesk())).data!.tickets![0] as any;
    assert.equal((await open()).ticket_type, 1, 'the bot serves first');
    assert.equal((await post(guest, '/console/chat/human', { _csrf: csrfIn(chat) })).status, 303);
    assert.equal((await open()).ticket_type, 2, 'a person now');
    assert.equal((await post(guest, '/console/chat/close', { _csrf: csrfIn(chat), score: '3' })).status, 303);
    const closed = await open();
    assert.deepEqual([closed.status, closed.score, closed.closed_by.id], [52, 3, acme.plain]);
    // Nothing is open to close any more: the service's refusal, as a page.
    const again = await post(guest, '/console/chat/close', { _csrf: csrfIn(chat), score: '1' });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /no open ticket/);
  });

  test('the apps page shows an app\'s subscription and delivery log, and redelivers an event', async () => {
    const receiver = await startReceiver({ verificationToken: 'vt-console' });
    try {
      const tenant = await issueTenantToken(kefu.baseUrl, acme.app);
      const put = await kefuCall(kefu, 'PUT', `/kefu/v1/apps/${acme.app.appId}/event_subscription`, tenant, {
        mode: 'webhook', request_url: receiver.url, verification_token: 'vt-console', event_types: ['helpdesk.ticket.created_v1'],
      });
      assert.equal(put.status, 200);
      await sdkClient(kefu.baseUrl, acme.app).helpdesk.event.subscribe({ data: { events: [{ type: 'helpdesk.ticket', subtype: 'ticket.created_v1' }] } }, lark.withHelpDeskCredential());
      await sdkClient(kefu.baseUrl, acme.app).helpdesk.ticket.startService({ data: { open_id: acme.carol, human_service: true } }, lark.withHelpDeskCredential());
      await until(() => receiver.pushes.length === 1, 'the created event pushed');
      const event_id = receiver.pushes[0].header.event_id as string;

      const admin = await cookieOf(acme.admin);
      const page = await (await get(admin, '/console/apps')).text();
      assert.ok(page.includes(receiver.url), 'the subscription is shown');
      assert.ok(page.includes(event_id), 'the event is in the log');
      assert.equal((await post(admin, `/console/apps/${acme.app.appId}/events/${event_id}/redeliver`, { _csrf: csrfIn(page) })).status, 303);
      await until(() => receiver.pushes.length === 2, 'the event pushed again');
      assert.equal(receiver.pushes[1].header.event_id, event_id, 'the same event, as redeliver promises');
      const logged = async () => (await kefuOk(kefu, 'GET', `/kefu/v1/apps/${acme.app.appId}/events`, tenant)).events as any[];
      await until(async () => (await logged())[0].status === 'delivered', 'the redelivery logged as delivered');
      assert.deepEqual((await logged()).map((e) => e.event_id), [event_id]);
      // An app of another tenant is not the admin's to redeliver.
      assert.equal((await post(admin, `/console/apps/cli_b000000000000001/events/${event_id}/redeliver`, { _csrf: csrfIn(page) })).status, 404);
    } finally {
      await receiver.close();
    }
  });

  test('a person in two helpdesks switches between them, and the choice stays for the next pages', async () => {
    const fixture = structuredClone(exampleFixture) as any;
    const first = fixture.tenants[0].helpdesks[0];
    // A second helpdesk of the same tenant, where Alice is an admin and no agent.
    fixture.tenants[0].helpdesks.push({
      ...structuredClone(first), helpdesk_id: '6626871355780366999', helpdesk_token: 'acme-second-token', name: 'Acme HR', admins: [acme.alice],
      tickets: [], agents: [], ticket_customized_fields: [], user_customized_fields: [], skills: [{ id: 'skill-hr-default', name: 'General', is_default: true, rules: [], agent_ids: [] }], categories: [], faqs: [],
    });
    const two = await startKefu(dialect, { fixture });
    try {
      const { url } = await two.app.kefu.signIn.createLoginLink({ open_id: acme.alice, next: '/console', baseUrl: two.baseUrl });
      const cookie = (await fetch(url, { redirect: 'manual' })).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const at = (path: string, more = '') => fetch(`${two.baseUrl}${path}`, { headers: { cookie: `${cookie}${more}` }, redirect: 'manual' });
      // Her highest role is admin of Acme HR.
      assert.match(await (await at('/console/tickets')).text(), /Alice Agent · Acme HR \(admin\)/);
      const picked = await at('/console?helpdesk=' + acme.helpdesk.helpDeskId);
      const kept = picked.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      assert.match(kept, /^kefu_console_helpdesk=/);
      const next = await (await at('/console/tickets', `; ${kept}`)).text();
      assert.match(next, /Alice Agent · Acme IT \(agent\)/);
      assert.match(next, /href="\/console\?helpdesk=6626871355780366999">Acme HR \(admin\)/);
      assert.equal((await at('/console/skills', `; ${kept}`)).status, 403, 'an agent in Acme IT');
    } finally {
      await two.close();
    }
  });

  test('a refused form shows the service\'s reason and writes nothing', async () => {
    const admin = await cookieOf(acme.admin);
    const page = await (await get(admin, '/console/schedules')).text();
    const before = (await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedule.list({ params: { status: [1, 2, 3] } as any }, asHelpdesk())).data;
    const answer = await post(admin, `/console/schedules/${acme.carol}`, { _csrf: csrfIn(page), day3: '18:00-09:00' });
    assert.equal(answer.status, 400);
    assert.match(await answer.text(), /start_time|end_time|before/);
    assert.deepEqual((await sdkClient(kefu.baseUrl, acme.app).helpdesk.agentSchedule.list({ params: { status: [1, 2, 3] } as any }, asHelpdesk())).data, before);
  });

  test('the knowledge base page shows the category tree and the FAQs; its search ranks as GET faqs/search does', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const alice = await cookieOf(acme.alice);
    const answer = await get(alice, '/console/knowledge-base');
    assert.equal(answer.status, 200);
    const shown = await answer.text();
    assert.equal(h1(shown), 'Knowledge base');
    assert.match(shown, /href="\/console\/knowledge-base" aria-current="page">Knowledge base/, 'an agent has it in the navigation');
    // Passwords is a child of Accounts: a list nested in Accounts' item.
    assert.match(shown, />Accounts<\/a> <span class="muted">\(en_us\)<\/span><ul><li><a href="\/console\/knowledge-base\?category=7100000000000000002">Passwords</);
    const questions = (text: string) => [...text.matchAll(/<a href="\/console\/knowledge-base\/faqs\/(\d+)">/g)].map((m) => m[1]);
    const listed = (await client.helpdesk.faq.list({ params: { page_size: 100 } }, asHelpdesk())).data!;
    assert.deepEqual(questions(shown), listed.items!.map((f) => f.faq_id));

    for (const query of ['password', 'vault reset password', 'VPN']) {
      const page = await (await get(alice, `/console/knowledge-base?q=${encodeURIComponent(query)}`)).text();
      const ranked = (await client.helpdesk.faq.search({ params: { query } }, asHelpdesk())).data!.items ?? [];
      assert.ok(ranked.length > 0, query);
      assert.deepEqual(questions(page), ranked.map((f) => f.faq_id), query);
    }
    const inPasswords = await (await get(alice, '/console/knowledge-base?category=7100000000000000002')).text();
    assert.deepEqual(questions(inPasswords), ['7200000000000000001']);
  });

  test('an agent creates a category and a FAQ, edits and deletes the FAQ: a Feishu client reads each step', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const faqOf = async (id: string) => (await client.helpdesk.faq.get({ path: { id } }, asHelpdesk())).data?.faq as any;
    const alice = await cookieOf(acme.alice);
    const page = await (await get(alice, '/console/knowledge-base')).text();
    assert.equal((await post(alice, '/console/knowledge-base/categories', { _csrf: csrfIn(page), name: 'Printers', parent_id: '0' })).status, 303);
    const categories = (await client.helpdesk.category.list({ params: {} }, asHelpdesk())).data as any;
    const printers = categories.categories.find((c: any) => c.name === 'Printers');
    assert.ok(printers, 'the category is there for the API');
    assert.equal(printers.parent_id, '0');

    const created = await post(alice, '/console/knowledge-base/faqs', {
      _csrf: csrfIn(page), question: 'The printer <b>jams</b>', answer: 'Open tray 2 & pull the sheet.', tags: 'paper jam\r\nprinter stuck\r\n', category_id: printers.id,
    });
    assert.equal(created.status, 303);
    const faq_id = /\/console\/knowledge-base\/faqs\/(\d+)$/.exec(created.headers.get('location')!)![1];
    let faq = await faqOf(faq_id);
    assert.deepEqual([faq.question, faq.answer, faq.tags, faq.categories.map((c: any) => c.name), faq.create_user.id], ['The printer <b>jams</b>', 'Open tray 2 & pull the sheet.', ['paper jam', 'printer stuck'], ['Printers'], acme.alice]);

    const edit = await (await get(alice, `/console/knowledge-base/faqs/${faq_id}`)).text();
    assert.ok(edit.includes('value="The printer &lt;b&gt;jams&lt;/b&gt;"'), 'the edit form holds the question, escaped');
    assert.equal((await post(alice, `/console/knowledge-base/faqs/${faq_id}`, { _csrf: csrfIn(edit), question: 'The printer jams', answer: 'Call the front desk.', tags: 'paper jam', category_id: '' })).status, 303);
    faq = await faqOf(faq_id);
    assert.deepEqual([faq.question, faq.answer, faq.tags, faq.categories], ['The printer jams', 'Call the front desk.', ['paper jam'], []]);
    const found = await (await get(alice, '/console/knowledge-base?q=printer+jams')).text();
    assert.ok(found.includes(`/console/knowledge-base/faqs/${faq_id}">The printer jams</a>`), 'the search finds the edited FAQ');

    assert.equal((await post(alice, `/console/knowledge-base/faqs/${faq_id}/delete`, { _csrf: csrfIn(edit) })).status, 303);
    const listed = (await client.helpdesk.faq.list({ params: { page_size: 100 } }, asHelpdesk())).data!;
    assert.ok(!listed.items!.some((f) => f.faq_id === faq_id), 'gone from the list');
    const deleted = (await client.helpdesk.faq.list({ params: { status: '0', page_size: 100 } as any }, asHelpdesk())).data!;
    assert.ok(deleted.items!.some((f) => f.faq_id === faq_id), 'kept as deleted, as DELETE faqs/:id does');
    assert.equal((await get(alice, `/console/knowledge-base/faqs/${faq_id}`)).status, 404);
  });

  test('the knowledge base refuses a guest, a form without the CSRF token and a bad form, and writes nothing', async () => {
    const client = sdkClient(kefu.baseUrl, acme.app);
    const everything = async () => [
      (await client.helpdesk.faq.list({ params: { page_size: 100 } }, asHelpdesk())).data,
      (await client.helpdesk.category.list({ params: {} }, asHelpdesk())).data,
    ];
    const before = await everything();
    const admin = await cookieOf(acme.admin);
    const page = await (await get(admin, '/console/knowledge-base')).text();

    const guest = await cookieOf(acme.guestLi);
    const guestPage = await get(guest, '/console/knowledge-base');
    assert.equal(guestPage.status, 403);
    assert.equal(h1(await guestPage.text()), 'Not allowed');
    const guestChat = await (await get(guest, '/console/chat')).text();
    assert.equal((await post(guest, '/console/knowledge-base/faqs', { _csrf: csrfIn(guestChat), question: 'Q', answer: 'A' })).status, 403);

    assert.equal((await post(admin, '/console/knowledge-base/faqs', { question: 'Forged?', answer: 'Yes' })).status, 403);
    assert.equal((await post(admin, '/console/knowledge-base/faqs', { _csrf: 'not-the-token', question: 'Forged?', answer: 'Yes' })).status, 403);

    const noQuestion = await post(admin, '/console/knowledge-base/faqs', { _csrf: csrfIn(page), question: '', answer: 'An answer' });
    assert.equal(noQuestion.status, 400);
    assert.match(await noQuestion.text(), /role="alert">Question: /);
    const noAnswer = await post(admin, '/console/knowledge-base/faqs', { _csrf: csrfIn(page), question: 'No answer?', answer: '' });
    assert.equal(noAnswer.status, 400);
    assert.match(await noAnswer.text(), /a FAQ needs an answer/);
    const badCategory = await post(admin, '/console/knowledge-base/faqs', { _csrf: csrfIn(page), question: 'Filed?', answer: 'Nowhere', category_id: '7999999999999999999' });
    assert.equal(badCategory.status, 400);
    assert.match(await badCategory.text(), /faq\.category_id: no category of this helpdesk has this id/);
    const orphan = await post(admin, '/console/knowledge-base/categories', { _csrf: csrfIn(page), name: 'Orphan', parent_id: '7999999999999999999' });
    assert.equal(orphan.status, 400);
    assert.match(await orphan.text(), /parent_id: no category of this helpdesk has this id/);
    assert.equal((await post(admin, '/console/knowledge-base/categories', { _csrf: csrfIn(page), name: '', parent_id: '0' })).status, 400);

    assert.deepEqual(await everything(), before);
    assert.equal((await post(admin, '/console/knowledge-base/faqs', { _csrf: csrfIn(page), question: 'With the token?', answer: 'Yes' })).status, 303, 'the same form with the token goes through');
  });

  test('static files are fingerprinted and cached for a year; embed.js keeps its name and is revalidated', async () => {
    const owner = await cookieOf(acme.owner);
    const page = await (await get(owner, '/console/tickets')).text();
    const css = /href="(\/console\/assets\/console\.[0-9a-f]{12}\.css)"/.exec(page)![1];
    const first = await fetch(`${kefu.baseUrl}${css}`);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const etag = first.headers.get('etag')!;
    assert.equal((await fetch(`${kefu.baseUrl}${css}`, { headers: { 'if-none-match': etag } })).status, 304);
    const embed = await fetch(`${kefu.baseUrl}/console/embed.js`);
    assert.equal(embed.status, 200);
    assert.match(embed.headers.get('content-type')!, /javascript/);
    assert.match(embed.headers.get('cache-control')!, /must-revalidate/);
    assert.match(await embed.text(), /Chat with us/);
  });
});
