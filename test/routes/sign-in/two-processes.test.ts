// Sessions live in the database: a browser signed in through one process is signed in on another `kefu serve` on the
// same database, and a sign-out on either ends it on both.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, describeEachDatabase, exampleFixture, startKefu, type RunningKefu } from '../../support/kefu.js';
import { secondProcess, type SecondProcess } from '../../support/second-process.js';

const REDIRECT = 'https://support-tools.acme.example/oauth/callback';
const fixture = structuredClone(exampleFixture);
fixture.tenants[0]!.apps!.find((a) => a.app_id === acme.app.appId)!.redirect_uris = [REDIRECT];

describeEachDatabase('a browser session across two processes', (dialect) => {
  let kefu: RunningKefu;
  let second: SecondProcess | undefined;
  before(async () => {
    // The second process runs on real time: so does this one's clock, or sessions would expire apart.
    kefu = await startKefu(dialect, { fixture, now: Date.now() });
    second = await secondProcess(kefu);
  });
  after(async () => {
    if (second) assert.equal(await second.close(), 0, 'the second process exits cleanly');
    await kefu.close();
  });

  const authorize = (base: string, cookie: string) =>
    fetch(`${base}/open-apis/authen/v1/authorize?${new URLSearchParams({ app_id: acme.app.appId, redirect_uri: REDIRECT, state: 's' })}`, { redirect: 'manual', headers: { cookie } });

  test('signed in on one process, signed in on the other; signed out on the other, signed out on both', async () => {
    const { url } = await kefu.app.kefu.signIn.createLoginLink({ open_id: acme.owner, baseUrl: second!.baseUrl });
    const signedIn = await fetch(url, { redirect: 'manual' });
    assert.equal(signedIn.status, 303);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;

    for (const base of [kefu.baseUrl, second!.baseUrl]) assert.equal((await authorize(base, cookie)).status, 302, base);
    const out = await fetch(`${second!.baseUrl}/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    assert.equal(out.status, 303);
    for (const base of [kefu.baseUrl, second!.baseUrl]) {
      const res = await authorize(base, cookie);
      assert.equal(res.status, 303, base);
      assert.match(res.headers.get('location')!, /^\/sign-in\?next=/);
    }
  });
});
