// Browser sign-in: single-use links, the password form with its limit on failures, sessions kept in the database,
// and sign-out. A browser is played by fetch with redirects left unfollowed, so each answer can be read.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { LOGIN_LINK_TTL_MS, SESSION_TTL_MS } from '../../../src/services/sign-in-service.js';
import { acme, describeEachDatabase, startKefu, type RunningKefu } from '../../support/kefu.js';
import { snapshot } from '../../support/state.js';

/** The session cookie's value from a Set-Cookie header, and its attributes. */
function sessionCookie(res: Response): { value: string; attributes: string[] } {
  const header = res.headers.get('set-cookie');
  assert.ok(header, 'the answer sets a cookie');
  const [pair, ...attributes] = header.split(';').map((s) => s.trim());
  const [name, value] = pair!.split('=');
  assert.equal(name, 'kefu_session');
  return { value: value!, attributes: attributes.map((a) => a.toLowerCase()) };
}

const signInTables = ['browser_sessions', 'sign_in_links', 'user_passwords'] as const;

describeEachDatabase('sign-in by link, password and sign-out', (dialect) => {
  let kefu: RunningKefu;
  before(async () => {
    kefu = await startKefu(dialect);
  });
  after(async () => kefu.close());
  beforeEach(async () => {
    await kefu.app.kefu.store.database.db.deleteFrom('browser_sessions').execute();
  });

  const signIn = () => kefu.app.kefu.signIn;
  const link = (next?: string) => signIn().createLoginLink({ open_id: acme.owner, next, baseUrl: kefu.baseUrl });
  const open = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });
  const sessions = () => kefu.app.kefu.store.database.db.selectFrom('browser_sessions').selectAll().execute();

  test('a sign-in link starts a session once, and sends the browser to its path', async () => {
    const { url } = await link('/console/tickets?status=1');
    assert.match(url, new RegExp(`^${kefu.baseUrl}/sign-in/link/[A-Za-z0-9_-]{43}\\?next=%2Fconsole%2Ftickets%3Fstatus%3D1$`));
    const res = await open(url);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/console/tickets?status=1');
    const cookie = sessionCookie(res);
    assert.deepEqual(cookie.attributes.sort(), ['httponly', `max-age=${SESSION_TTL_MS / 1000}`, 'path=/', 'samesite=lax']);

    const person = await signIn().sessionPerson(cookie.value);
    assert.equal(person?.open_id, acme.owner);
    assert.equal(person?.tenant_key, 'acme');
    assert.deepEqual(person?.roles, [{ helpdesk_id: acme.helpdesk.helpDeskId, role: 'owner' }]);
    // Only digests are stored: neither the link's token nor the cookie appears in the database.
    const stored = await snapshot(kefu.app.kefu.store.database.db, signInTables);
    assert.ok(!stored.includes(cookie.value) && !stored.includes(url.split('/').pop()!.split('?')[0]!));

    const again = await open(url);
    assert.equal(again.status, 400);
    assert.equal(again.headers.get('set-cookie'), null);
    assert.match(await again.text(), /already used, has expired/);
    assert.equal((await sessions()).length, 1);
  });

  test('an expired link, an unknown one and a cookie that names no session sign nobody in', async () => {
    const { url } = await link();
    kefu.clock.advance(LOGIN_LINK_TTL_MS);
    assert.equal((await open(url)).status, 400);
    assert.equal((await open(`${kefu.baseUrl}/sign-in/link/not-a-token`)).status, 400);
    assert.equal((await sessions()).length, 0);
    assert.equal(await signIn().sessionPerson('not-a-session'), undefined);
  });

  test('a link goes only to a path of this server: another host in next is ignored, and refused when made', async () => {
    const { url } = await link();
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', 'console']) {
      await assert.rejects(link(next), /next must be a path on this server/);
    }
    const res = await open(`${url.split('?')[0]}?next=${encodeURIComponent('//evil.example/')}`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/console');
  });

  test('a link for a person who does not exist is not made', async () => {
    await assert.rejects(signIn().createLoginLink({ open_id: 'ou_nobody', baseUrl: kefu.baseUrl }), /no user ou_nobody/);
  });

  test('a session ends after its lifetime, and at sign-out in the database', async () => {
    const cookie = sessionCookie(await open((await link()).url)).value;
    kefu.clock.advance(SESSION_TTL_MS - 1);
    assert.ok(await signIn().sessionPerson(cookie));
    kefu.clock.advance(1);
    assert.equal(await signIn().sessionPerson(cookie), undefined);

    const live = sessionCookie(await open((await link()).url)).value;
    const out = await open(`${kefu.baseUrl}/sign-out`, { method: 'POST', headers: { cookie: `kefu_session=${live}` } });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/sign-in');
    assert.match(out.headers.get('set-cookie') ?? '', /^kefu_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(await signIn().sessionPerson(live), undefined);
    assert.equal((await sessions()).filter((s) => s.open_id === acme.owner && s.expires_at > kefu.clock.now()).length, 0);
  });

  test('sign-out posted by another site changes nothing', async () => {
    const cookie = sessionCookie(await open((await link()).url)).value;
    const res = await open(`${kefu.baseUrl}/sign-out`, { method: 'POST', headers: { cookie: `kefu_session=${cookie}`, origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
    assert.ok(await signIn().sessionPerson(cookie));
  });

  test('the sign-in page is a form with labelled fields that posts to /sign-in', async () => {
    const res = await open(`${kefu.baseUrl}/sign-in?next=%2Fconsole%2Fskills`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    assert.match(html, /<form method="post" action="\/sign-in">/);
    assert.match(html, /<label for="account">Open ID or email<\/label>\s*<input id="account" name="account"/);
    assert.match(html, /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/);
    assert.match(html, /name="next" value="\/console\/skills"/);
  });

  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    open(`${kefu.baseUrl}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });

  test('a password signs in by open_id or by email, and a wrong one writes nothing', async () => {
    await signIn().setPassword(acme.admin, 'correct horse battery');
    const before = await snapshot(kefu.app.kefu.store.database.db);
    const wrong = await post({ account: acme.admin, password: 'correct horse', next: '/console' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.match(await wrong.text(), /role="alert">The open_id or email and the password do not match/);
    const nobody = await post({ account: 'ou_nobody', password: 'correct horse battery' });
    assert.equal(nobody.status, 401);
    const noPassword = await post({ account: acme.alice, password: 'correct horse battery' });
    assert.equal(noPassword.status, 401);
    assert.equal(await snapshot(kefu.app.kefu.store.database.db), before);

    const byId = await post({ account: acme.admin, password: 'correct horse battery', next: '/console/agents' });
    assert.equal(byId.status, 303);
    assert.equal(byId.headers.get('location'), '/console/agents');
    assert.equal((await signIn().sessionPerson(sessionCookie(byId).value))?.open_id, acme.admin);

    const admin = await kefu.app.kefu.store.repos.identities.findUser(acme.admin);
    const byEmail = await post({ account: admin!.email.toUpperCase(), password: 'correct horse battery', next: 'https://evil.example/' });
    assert.equal(byEmail.status, 303);
    assert.equal(byEmail.headers.get('location'), '/console');
    const person = await signIn().sessionPerson(sessionCookie(byEmail).value);
    assert.equal(person?.open_id, acme.admin);
    assert.deepEqual(person?.roles, [{ helpdesk_id: acme.helpdesk.helpDeskId, role: 'admin' }]);
  });

  test('only the password is stored, hashed with scrypt and a salt of its own', async () => {
    await signIn().setPassword(acme.bob, 'a password of bob');
    await signIn().setPassword(acme.carol, 'a password of bob');
    const rows = await kefu.app.kefu.store.database.db.selectFrom('user_passwords').selectAll().where('open_id', 'in', [acme.bob, acme.carol]).execute();
    assert.equal(rows.length, 2);
    assert.notEqual(rows[0]!.salt, rows[1]!.salt);
    assert.notEqual(rows[0]!.hash, rows[1]!.hash);
    assert.equal(rows[0]!.kdf, 'scrypt');
    assert.deepEqual(JSON.parse(rows[0]!.params), { N: 32768, r: 8, p: 1, keylen: 32 });
    assert.ok(!JSON.stringify(rows).includes('a password of bob'));
    await assert.rejects(signIn().setPassword(acme.bob, 'short'), /at least 8 characters/);
  });

  test('after five failures for one person, even the right password is refused with 429 for the minute', async () => {
    await signIn().setPassword(acme.carol, 'carol signs in here');
    for (let i = 0; i < 5; i++) assert.equal((await post({ account: acme.carol, password: `guess ${i} wrong` })).status, 401);
    const limited = await post({ account: acme.carol, password: 'carol signs in here' });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('set-cookie'), null);
    assert.match(await limited.text(), /Too many failed attempts/);
  });

  test('a sign-in form posted from another site is refused', async () => {
    await signIn().setPassword(acme.bob, 'a password of bob');
    const res = await post({ account: acme.bob, password: 'a password of bob' }, { origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
    const same = await post({ account: acme.bob, password: 'a password of bob' }, { origin: kefu.baseUrl });
    assert.equal(same.status, 303);
  });
});
