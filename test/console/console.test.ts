// The console in a real browser (Debian's Chromium through playwright-core): people sign in by link; a guest chats
// and the agent routing picked sees it live, answers and closes; an admin changes a skill rule, a schedule and an
// agent's status and the "who would get this ticket" check follows, and adds a FAQ it then finds with the search;
// wrong roles and forms without the CSRF token are refused; axe-core finds no serious violation on the main pages,
// whose screenshots go to docs/console/.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousViolations } from '../support/browser.js';
import { acme, asHelpdesk, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';

const LIVE_MS = 10_000;

describe('the console in a browser (SQLite)', () => {
  let kefu: RunningKefu;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    kefu = await startKefu('sqlite', { consolePollMs: 200 });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await kefu?.close();
  });

  /** A browser of its own for a person, signed in by a link from the sign-in service, on the page the link lands. */
  async function signedIn(open_id: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const { url } = await kefu.app.kefu.signIn.createLoginLink({ open_id, next: '/console', baseUrl: kefu.baseUrl });
    await page.goto(url);
    return page;
  }

  /** The ticket as a Feishu client reads it. */
  const ticketOf = async (ticket_id: string) => (await sdkClient(kefu.baseUrl, acme.app).helpdesk.ticket.get({ path: { ticket_id } }, asHelpdesk())).data!.ticket! as any;

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  let ticketId = '';
  let agentPage: Page;
  let guestPage: Page;

  test('a guest starts a chat and writes; the agent it was routed to finds it among their tickets', async () => {
    guestPage = await signedIn(acme.guestZhang);
    assert.equal(new URL(guestPage.url()).pathname, '/console/chat', 'a guest lands on the chat');
    assert.equal(await h1(guestPage), 'Chat with Acme IT');
    await guestPage.getByLabel('Talk to a person right away').check();
    await guestPage.getByRole('button', { name: 'Start service' }).click();
    await guestPage.getByRole('textbox', { name: 'Message' }).fill('My VPN is down');
    await guestPage.getByRole('button', { name: 'Send' }).click();
    await guestPage.getByRole('log', { name: 'Conversation' }).getByText('My VPN is down').waitFor();

    // Zhang San matches no skill's rules; of the default skill, only Alice is online and on duty on a Wednesday morning.
    agentPage = await signedIn(acme.alice);
    assert.equal(new URL(agentPage.url()).pathname, '/console/tickets', 'an agent lands on their tickets');
    assert.equal(await h1(agentPage), 'Tickets');
    // Newest first: the guest's new ticket heads Alice's list, the fixture's closed one follows.
    const newest = agentPage.getByRole('row').nth(1);
    assert.match((await newest.textContent())!, /Zhang San\s*Created\s*Alice Agent/);
    const link = newest.getByRole('link', { name: /^Ticket \d+$/ });
    ticketId = (await link.textContent())!.replace('Ticket ', '');
    await screenshot(agentPage, 'tickets');
    await link.click();
    assert.equal(await h1(agentPage), `Ticket ${ticketId}`);
    await agentPage.getByRole('log', { name: 'Conversation' }).getByText('My VPN is down').waitFor();
    await agentPage.getByRole('heading', { name: 'Why this agent' }).waitFor();
    assert.match((await agentPage.locator('section[aria-labelledby="routing-title"]').textContent())!, /assigned to Alice Agent/);
  });

  test('a new guest message appears on the agent\'s page without a reload; the guest sees the reply the same way', async () => {
    const before = agentPage.url();
    let reloads = 0;
    agentPage.on('framenavigated', (frame) => frame === agentPage.mainFrame() && reloads++);
    kefu.clock.advance(60_000);
    await guestPage.getByRole('textbox', { name: 'Message' }).fill('It says "certificate expired" <b>now</b>');
    await guestPage.getByRole('button', { name: 'Send' }).click();
    await agentPage.getByRole('log', { name: 'Conversation' }).getByText('It says "certificate expired" <b>now</b>').waitFor({ timeout: LIVE_MS });
    assert.equal(reloads, 0, 'the agent\'s page was not reloaded');
    assert.equal(agentPage.url(), before);

    await guestPage.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    kefu.clock.advance(60_000);
    await agentPage.getByRole('textbox', { name: 'Reply' }).fill('Restarting the gateway');
    await agentPage.getByRole('button', { name: 'Send' }).click();
    await guestPage.getByRole('log', { name: 'Conversation' }).getByText('Restarting the gateway').waitFor({ timeout: LIVE_MS });
    assert.equal(await guestPage.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'the guest\'s page was not reloaded');
    await screenshot(guestPage, 'chat');

    // What the API answers agrees: Alice's reply made the ticket "processing".
    assert.equal((await ticketOf(ticketId)).status, 2);
  });

  test('a POST without the session\'s CSRF token is refused and changes nothing', async () => {
    const before = await ticketOf(ticketId);
    // From the signed-in browser itself (its session cookie goes along), as a forged form would send it.
    const answer = await agentPage.context().request.post(`${kefu.baseUrl}/console/tickets/${ticketId}/comments`, { form: { comment: 'forged' }, maxRedirects: 0 });
    assert.equal(answer.status(), 403);
    const wrong = await agentPage.context().request.post(`${kefu.baseUrl}/console/tickets/${ticketId}/comments`, { form: { comment: 'forged', _csrf: 'not-the-token' }, maxRedirects: 0 });
    assert.equal(wrong.status(), 403);
    assert.deepEqual(await ticketOf(ticketId), before);

    // The same request with the page's own token goes through: the token, nothing else, made the difference.
    await agentPage.goto(`${kefu.baseUrl}/console/tickets/${ticketId}`);
    const token = await agentPage.locator('input[name="_csrf"]').first().inputValue();
    const right = await agentPage.context().request.post(`${kefu.baseUrl}/console/tickets/${ticketId}/comments`, { form: { comment: 'with the token', _csrf: token }, maxRedirects: 0 });
    assert.equal(right.status(), 303, /role="alert">(.*?)</s.exec(await right.text())?.[1]);
    assert.match((await ticketOf(ticketId)).comments.content, /with the token/);
  });

  test('the agent tags, comments and closes the ticket', async () => {
    await agentPage.getByRole('textbox', { name: 'Tags' }).fill('vpn, network');
    await agentPage.getByRole('button', { name: 'Save tags' }).click();
    await agentPage.getByRole('textbox', { name: 'Comment' }).fill('Gateway certificate renewed');
    await agentPage.getByRole('button', { name: 'Add comment' }).click();
    await agentPage.getByText('Gateway certificate renewed').waitFor();
    await screenshot(agentPage, 'ticket');
    await agentPage.getByLabel('Status', { exact: true }).selectOption({ label: 'Closed' });
    await agentPage.getByRole('button', { name: 'Set status' }).click();
    assert.match((await agentPage.locator('main p').first().textContent())!, /Closed by an agent/);
    assert.equal(await agentPage.getByRole('textbox', { name: 'Reply' }).count(), 0, 'a closed ticket has no reply box');
    const ticket = await ticketOf(ticketId);
    assert.equal(ticket.status, 51);
    assert.equal(ticket.closed_by.id, acme.alice);
    assert.match(ticket.comments.content, /Gateway certificate renewed/);
    const tagged = (await sdkClient(kefu.baseUrl, acme.app).helpdesk.ticket.list({ params: { tags: ['network'] } as any }, asHelpdesk())).data!;
    assert.deepEqual(tagged.tickets!.map((t) => t.ticket_id), [ticketId], 'the tags were saved');
  });

  test('a wrong role is refused: an agent on the admin pages, a guest on the ticket pages', async () => {
    for (const path of ['/console/skills', '/console/schedules', '/console/agents', '/console/apps']) {
      const answer = await agentPage.goto(`${kefu.baseUrl}${path}`);
      assert.equal(answer?.status(), 403, path);
      assert.equal(await h1(agentPage), 'Not allowed');
    }
    const answer = await guestPage.goto(`${kefu.baseUrl}/console/tickets/${ticketId}`);
    assert.equal(answer?.status(), 403);
    assert.equal(await h1(guestPage), 'Not allowed');
  });

  test('an admin edits a skill rule, a schedule and a status, and the "who would get this ticket" check follows', async () => {
    const admin = await signedIn(acme.admin);
    const check = async () => {
      await admin.goto(`${kefu.baseUrl}/console/skills`);
      await admin.getByLabel('Guest').selectOption({ label: 'Li Si' });
      await admin.getByRole('button', { name: 'Check' }).click();
      return (await admin.getByRole('status', { name: 'Routing check' }).textContent())!;
    };
    // Li Si (Finance) matches no skill: the default skill's Alice takes it; Carol works weekends only.
    let result = await check();
    assert.match(result, /goes to Alice Agent/);
    assert.match(result, /IT department does not match \(rule 12\)/);
    assert.match(result, /Carol Agent: off duty now/);

    // The editor offers each rule kind's own operators (GET agent_skill_rules' operator_options).
    const operators = async (n: number) => admin.getByLabel(`Operator of rule ${n} of IT department`).locator('option:not([disabled])').allTextContents();
    assert.deepEqual(await operators(1), ['is none of the picked', 'is any of the picked'], 'department: 7 and 8');
    await admin.getByLabel('Kind of rule 2 of IT department').selectOption({ label: 'User level' });
    assert.deepEqual(await operators(2), ['is at least', 'is at most'], 'user level: 2 and 3');
    await admin.getByLabel('Kind of rule 2 of IT department').selectOption({ label: '(add a rule)' });
    await admin.getByLabel('Values of rule 1 of IT department').fill('od-it, od-finance');
    await admin.getByRole('button', { name: 'Save rules of IT department' }).click();
    result = (await admin.getByRole('status', { name: 'Routing check' }).textContent())!;
    assert.match(result, /IT department matches/, 'the check is shown again for the same guest after saving');
    await screenshot(admin, 'skills');

    await admin.getByRole('link', { name: 'Schedules' }).click();
    assert.equal(await h1(admin), 'Schedules');
    assert.match((await admin.locator('caption').first().textContent())!, /Asia\/Shanghai/);
    await admin.getByLabel('Carol Agent Wednesday').fill('08:00-20:00');
    await admin.getByRole('button', { name: 'Save the schedule of Carol Agent' }).click();
    assert.match((await admin.locator('main p').first().textContent())!, /On duty now \(Wednesday 10:\d\d\): .*Carol Agent/);
    await screenshot(admin, 'schedules');

    await admin.getByRole('link', { name: 'Agents' }).click();
    await admin.getByLabel('Status of Alice Agent', { exact: true }).selectOption({ label: 'Offline' });
    await admin.getByRole('button', { name: 'Save the status of Alice Agent' }).click();
    await screenshot(admin, 'agents');

    result = await check();
    assert.match(result, /goes to Carol Agent/);
    assert.match(result, /Alice Agent: offline/);
  });

  test('an admin adds a FAQ in the knowledge base and finds it with the search', async () => {
    const admin = await signedIn(acme.admin);
    await admin.getByRole('link', { name: 'Knowledge base' }).click();
    assert.equal(await h1(admin), 'Knowledge base');
    await admin.getByLabel('Question', { exact: true }).fill('How do I connect to the office Wi-Fi?');
    await admin.getByLabel('Answer', { exact: true }).fill('Choose "Acme-Staff" and sign in with your email.');
    await admin.getByLabel('Similar questions').fill('wifi password\nwireless network');
    await admin.getByLabel('Category', { exact: true }).selectOption({ label: 'Accounts' });
    await admin.getByRole('button', { name: 'Add FAQ' }).click();
    const faq_id = /\/faqs\/(\d+)$/.exec(new URL(admin.url()).pathname)![1];
    assert.equal(await h1(admin), `FAQ ${faq_id}`);

    await admin.getByRole('link', { name: 'Back to the knowledge base' }).click();
    await admin.getByRole('searchbox', { name: 'Search FAQs' }).fill('wireless network');
    await admin.getByRole('button', { name: 'Search' }).click();
    // The ranked search keeps only what matches: the new FAQ, none of the fixture's.
    const rows = await admin.getByRole('table').getByRole('row').allTextContents();
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.match(rows[1], /How do I connect to the office Wi-Fi\?.*wifi password; wireless network.*Accounts/s);
    assert.deepEqual(await seriousViolations(admin), []);
    await screenshot(admin, 'knowledge-base');
    const faq = (await sdkClient(kefu.baseUrl, acme.app).helpdesk.faq.get({ path: { id: faq_id } }, asHelpdesk())).data!.faq!;
    assert.equal(faq.create_user?.id, acme.admin);
  });

  test('a website that includes embed.js opens the chat in a window of its own', async () => {
    // The website is another origin: a bare page served beside Kefu.
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Shop</title><h1>Shop</h1><script src="${kefu.baseUrl}/console/embed.js" data-helpdesk="${acme.helpdesk.helpDeskId}" async></script>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const shop = await guestPage.context().newPage();
      await shop.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const [chat] = await Promise.all([shop.waitForEvent('popup'), shop.getByRole('button', { name: 'Chat with us' }).click()]);
      await chat.waitForLoadState();
      assert.equal(new URL(chat.url()).pathname, '/console/chat');
      assert.equal(new URL(chat.url()).searchParams.get('helpdesk'), acme.helpdesk.helpDeskId);
      assert.equal(await h1(chat), 'Chat with Acme IT');
      await shop.close();
      await chat.close();
    } finally {
      site.close();
    }
  });

  test('axe-core finds no serious accessibility violation on the main pages, each with one h1', async () => {
    const admin = await signedIn(acme.owner);
    const pages: [Page, string][] = [
      [admin, '/console/tickets?view=all'],
      [admin, `/console/tickets/${ticketId}`],
      [admin, '/console/skills?guest=' + acme.guestLi],
      [admin, '/console/schedules'],
      [admin, '/console/agents'],
      [admin, '/console/apps'],
      [admin, '/console/knowledge-base'],
      [guestPage, '/console/chat'],
    ];
    for (const [page, path] of pages) {
      const answer = await page.goto(`${kefu.baseUrl}${path}`);
      assert.equal(answer?.status(), 200, path);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${path} has one h1`);
      assert.deepEqual(await seriousViolations(page), [], path);
    }
    await admin.goto(`${kefu.baseUrl}/console/apps`);
    await screenshot(admin, 'apps');
  });
});
