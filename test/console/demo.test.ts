// npm start's promise: the sign-in link the demo banner prints, opened in a browser, gives a working console on the
// demo helpdesk (a real `kefu serve --demo` process, Debian's Chromium).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { serveKefu, type ServingKefu } from '../support/child.js';
import { launchBrowser } from '../support/browser.js';

let dir: string;
let kefu: ServingKefu;
let browser: Browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kefu-console-demo-'));
  kefu = await serveKefu(['--db', join(dir, 'kefu.db'), '--demo'], { KEFU_LOG_LEVEL: 'warn' });
  for (let i = 0; i < 50 && !kefu.stdout().includes('node-sdk'); i++) await new Promise((r) => setTimeout(r, 100));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await kefu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the demo banner's sign-in link opens the owner's console on the demo helpdesk", async () => {
  const url = kefu.stdout().match(/^\s*(http:\/\/\S+\/sign-in\/link\/\S+)$/m)?.[1];
  assert.ok(url, kefu.stdout());
  const page = await browser.newPage();
  await page.goto(url);
  assert.equal(new URL(page.url()).pathname, '/console/tickets');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tickets');
  assert.match((await page.locator('header').textContent())!, /IT Helpdesk \(owner\)/);
  // The demo's tickets are listed, each a link named after its ticket.
  assert.ok((await page.getByRole('link', { name: /^Ticket \d+$/ }).count()) > 0);
  for (const name of ['Skills', 'Schedules', 'Agents', 'Apps']) {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), name);
  }
  await page.close();
});
