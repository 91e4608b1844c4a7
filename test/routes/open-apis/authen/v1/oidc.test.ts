// Feishu's OIDC flow against Kefu, through the official SDK: a browser (fetch keeping the cookie by hand) signs in
// and follows the authorize redirect; the app exchanges the code, refreshes, reads user_info, and acts for the person.
// Every refusal answers its Feishu code and writes nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { CODE_TTL_MS, REFRESH_TOKEN_LIFETIME_SECONDS } from '../../../../../src/services/oidc-service.js';
import { issueTenantToken } from '../../../../support/callers.js';
import { acme, asUser, describeEachDatabase, exampleFixture, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../support/kefu.js';
import { snapshot } from '../../../../support/state.js';

const REDIRECT = 'https://support-tools.acme.example/oauth/callback';
const AUTHORIZE = '/open-apis/authen/v1/authorize';
const GLOBEX_PERSON = `ou_${'b'.repeat(32)}`;

/** The example world, with acme's app registering one redirect URI (the fixture's `redirect_uris`). */
const fixture = structuredClone(exampleFixture);
fixture.tenants[0]!.apps!.find((a) => a.app_id === acme.app.appId)!.redirect_uris = [REDIRECT];

describeEachDatabase('OIDC: authorize, access_token, refresh_access_token, user_info', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect, { fixture });
    client = sdkClient(kefu.baseUrl, acme.app, null);
  });
  after(async () => kefu.close());

  const open = (path: string, cookie?: string) => fetch(new URL(path, kefu.baseUrl), { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const authorizePath = (q: Record<string, string> = {}) => `${AUTHORIZE}?${new URLSearchParams({ app_id: acme.app.appId, redirect_uri: REDIRECT, state: 'st-42', ...q })}`;
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

  /** A browser session for the person, started by a sign-in link. */
  async function browserFor(open_id: string): Promise<string> {
    const { url } = await kefu.app.kefu.signIn.createLoginLink({ open_id, baseUrl: kefu.baseUrl });
    return cookieOf(await open(url));
  }

  /** A code for the person through acme's app, as the redirect hands it to the app. */
  async function codeFor(open_id: string): Promise<string> {
    const res = await open(authorizePath(), await browserFor(open_id));
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }

  /** A client of another app whose tenant token is already fetched, so a refusal's "nothing written" is its own. */
  async function readyClient(app: { appId: string; appSecret: string }): Promise<lark.Client> {
    const other = sdkClient(kefu.baseUrl, app, null);
    await (other as any).tokenManager.getTenantAccessToken({});
    return other;
  }

  const exchange = (code: string, withClient = client) => withClient.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } });
  const everything = () => snapshot(kefu.app.kefu.store.database.db);

  test('signed out, authorize sends the browser to sign in and back; the code becomes a user token that can PATCH agent_skills', async () => {
    const first = await open(authorizePath());
    assert.equal(first.status, 303);
    const signInUrl = new URL(first.headers.get('location')!, kefu.baseUrl);
    assert.equal(signInUrl.pathname, '/sign-in');
    const back = signInUrl.searchParams.get('next')!;
    assert.equal(back, authorizePath());

    // The person signs in with a link that returns to the authorize page, as the sign-in page would.
    const { url } = await kefu.app.kefu.signIn.createLoginLink({ open_id: acme.owner, next: back, baseUrl: kefu.baseUrl });
    const signedIn = await open(url);
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), back);
    const redirect = await open(back, cookieOf(signedIn));
    assert.equal(redirect.status, 302);
    const location = new URL(redirect.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'st-42');
    const code = location.searchParams.get('code')!;
    assert.match(code, /^[\w-]{43}$/);

    const answer = await exchange(code);
    assert.equal(answer.code, 0);
    const data = answer.data!;
    assert.match(data.access_token!, /^u-/);
    assert.equal(data.token_type, 'Bearer');
    assert.equal(data.expires_in, 7200);
    assert.equal(data.refresh_expires_in, REFRESH_TOKEN_LIFETIME_SECONDS);
    assert.equal(data.scope, 'helpdesk:all');
    assert.ok(data.refresh_token);

    const me = await client.authen.userInfo.get({}, lark.withUserAccessToken(data.access_token!));
    assert.equal(me.data?.open_id, acme.owner);
    assert.equal(me.data?.tenant_key, 'acme');
    assert.equal(me.data?.name, (await kefu.app.kefu.store.repos.identities.findUser(acme.owner))!.name);

    const helpdeskClient = sdkClient(kefu.baseUrl, acme.app);
    const patched = await helpdeskClient.helpdesk.agentSkill.patch({ path: { agent_skill_id: 'skill-it' }, data: { agent_skill: { name: 'IT, signed in by OIDC' } } }, asUser(data.access_token!));
    assert.equal(patched.code, 0);
    const skill = await helpdeskClient.helpdesk.agentSkill.get({ path: { agent_skill_id: 'skill-it' } }, lark.withHelpDeskCredential());
    assert.equal(skill.data?.agent_skill?.name, 'IT, signed in by OIDC');
  });

  test('a password sign-in returns to the authorize page too', async () => {
    await kefu.app.kefu.signIn.setPassword(acme.admin, 'admin password here');
    const res = await fetch(`${kefu.baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: acme.admin, password: 'admin password here', next: authorizePath() }),
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), authorizePath());
    const redirect = await open(authorizePath(), cookieOf(res));
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
    const me = await client.authen.userInfo.get({}, lark.withUserAccessToken((await exchange(code)).data!.access_token!));
    assert.equal(me.data?.open_id, acme.admin);
  });

  test('an app_access_token is taken as the Bearer too, and redirect_uri, when sent, must be the code\'s', async () => {
    const appToken = ((await (await fetch(`${kefu.baseUrl}/open-apis/auth/v3/app_access_token/internal`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: acme.app.appId, app_secret: acme.app.appSecret }),
    })).json()) as { app_access_token: string }).app_access_token;
    const post = (body: unknown) => fetch(`${kefu.baseUrl}/open-apis/authen/v1/oidc/access_token`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` }, body: JSON.stringify(body),
    });
    const code = await codeFor(acme.alice);
    const before = await everything();
    const wrongRedirect = await post({ grant_type: 'authorization_code', code, redirect_uri: 'https://support-tools.acme.example/other' });
    assert.equal(wrongRedirect.status, 400);
    assert.equal(((await wrongRedirect.json()) as { code: number }).code, 20071);
    assert.equal(await everything(), before);
    const right = await post({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    assert.equal(right.status, 200);
    assert.equal(((await right.json()) as { code: number }).code, 0);
  });

  test('a code works once and for five minutes; each refusal has its code and writes nothing', async () => {
    // The call starts only after the snapshot, so the snapshot cannot see its writes.
    const refused = async (call: () => Promise<unknown>, status: number, code: number) => {
      const before = await everything();
      const failure = await sdkFailure(call());
      assert.deepEqual([failure.status, failure.body.code], [status, code], JSON.stringify(failure.body));
      assert.equal(await everything(), before, `${code}: nothing written`);
    };
    const code = await codeFor(acme.bob);
    // Another app, of the same tenant or another one, cannot use it.
    const readonlyApp = await readyClient(acme.readonlyApp);
    const globexApp = await readyClient(globex.app);
    await refused(() => exchange(code, readonlyApp), 400, 20024);
    await refused(() => exchange(code, globexApp), 400, 20024);
    assert.equal((await exchange(code)).code, 0);
    await refused(() => exchange(code), 400, 20065);

    const late = await codeFor(acme.bob);
    kefu.clock.advance(CODE_TTL_MS);
    await refused(() => exchange(late), 400, 20004);
    await refused(() => exchange('no-such-code'), 400, 20003);
    const fresh = await codeFor(acme.bob);
    await refused(() => client.authen.oidcAccessToken.create({ data: { grant_type: 'password', code: fresh } }), 400, 20036);
    await refused(() => client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code' } as any }), 400, 20001);
    await refused(() => client.authen.oidcAccessToken.create({ data: { code: fresh } as any }), 400, 20001);
    // The gateway's refusals: no token, and a user token where the app's is wanted.
    await refused(() => fetch(`${kefu.baseUrl}/open-apis/authen/v1/oidc/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code: fresh }) }).then(httpFailure), 400, 99991661);
    await refused(() => client.authen.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code: fresh } }, lark.withUserAccessToken(acme.ownerToken)), 400, 99991664);
    // Still unused after all that.
    assert.equal((await exchange(fresh)).code, 0);
  });

  test('a refresh token is used once and replaced; the new user token works; bad ones are refused and write nothing', async () => {
    const first = (await exchange(await codeFor(acme.carol))).data!;
    const refresh = (refresh_token: string, withClient = client) => withClient.authen.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token', refresh_token } });
    const second = await refresh(first.refresh_token!);
    assert.equal(second.code, 0);
    assert.notEqual(second.data!.access_token, first.access_token);
    assert.notEqual(second.data!.refresh_token, first.refresh_token);
    const me = await client.authen.userInfo.get({}, lark.withUserAccessToken(second.data!.access_token!));
    assert.equal(me.data?.open_id, acme.carol);

    const refused = async (call: () => Promise<unknown>, code: number) => {
      const before = await everything();
      const failure = await sdkFailure(call());
      assert.deepEqual([failure.status, failure.body.code], [400, code], JSON.stringify(failure.body));
      assert.equal(await everything(), before);
    };
    await refused(() => refresh(first.refresh_token!), 20073);
    await refused(() => refresh('ur-not-a-refresh-token'), 20026);
    const readonlyApp = await readyClient(acme.readonlyApp);
    await refused(() => refresh(second.data!.refresh_token!, readonlyApp), 20024);
    await refused(() => client.authen.oidcRefreshAccessToken.create({ data: { grant_type: 'authorization_code', refresh_token: second.data!.refresh_token! } }), 20036);
    await refused(() => client.authen.oidcRefreshAccessToken.create({ data: { grant_type: 'refresh_token' } as any }), 20001);
    kefu.clock.advance(REFRESH_TOKEN_LIFETIME_SECONDS * 1000);
    // The server's clock moved 30 days: the app fetches a tenant token that is live by it.
    const later = await readyClient(acme.app);
    await refused(() => refresh(second.data!.refresh_token!, later), 20037);
  });

  test('user_info refuses an unknown user token as the gateway does', async () => {
    const failure = await sdkFailure(client.authen.userInfo.get({}, lark.withUserAccessToken('u-not-a-token')));
    assert.deepEqual([failure.status, failure.body.code], [400, 99991668]);
  });

  test('authorize sends codes only to a registered redirect_uri of a known app, and only for a person of its tenant', async () => {
    const before = await everything();
    const cookie = await browserFor(acme.owner);
    const afterSession = await everything();
    for (const [query, status, reason] of [
      [{ redirect_uri: 'https://evil.example/callback' }, 400, /is not one app cli_a000000000000001 registered/],
      [{ redirect_uri: `${REDIRECT}/more` }, 400, /is not one app/],
      [{ app_id: 'cli_unknown' }, 400, /There is no app cli_unknown/],
      [{ app_id: '' }, 400, /names no app/],
    ] as const) {
      const res = await open(authorizePath(query), cookie);
      assert.equal(res.status, status);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), reason);
    }
    // Signed out, a bad redirect_uri is refused at once rather than after a sign-in.
    const signedOut = await open(authorizePath({ redirect_uri: 'https://evil.example/callback' }));
    assert.equal(signedOut.status, 400);
    assert.equal(await everything(), afterSession);
    assert.notEqual(afterSession, before);

    // A person of another tenant cannot hand acme's app a code.
    const res = await open(authorizePath(), await browserFor(GLOBEX_PERSON));
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('location'), null);
    assert.equal((await kefu.app.kefu.store.database.db.selectFrom('authorization_codes').selectAll().where('open_id', '=', GLOBEX_PERSON).execute()).length, 0);
  });

  test("the app's redirect_uris are set with its event subscription's PUT, checked, and answered by GET", async () => {
    const tenantToken = await issueTenantToken(kefu.baseUrl, acme.app);
    const put = (body: unknown) => fetch(`${kefu.baseUrl}/kefu/v1/apps/${acme.app.appId}/event_subscription`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenantToken}` }, body: JSON.stringify(body),
    });
    const subscription = { mode: 'long_connection', verification_token: 'vt-1', event_types: [] };
    const before = await everything();
    const bad = await put({ ...subscription, redirect_uris: ['https://ok.example/cb', 'not a url'] });
    assert.equal(bad.status, 400);
    const body = (await bad.json()) as { code: number; error: { field_violations: { field: string }[] } };
    assert.equal(body.code, 154000);
    assert.equal(body.error.field_violations[0]!.field, 'redirect_uris[1]');
    assert.equal(await everything(), before);

    const good = await put({ ...subscription, redirect_uris: ['http://127.0.0.1:9999/cb'] });
    assert.equal(good.status, 200);
    assert.deepEqual(((await good.json()) as { data: { redirect_uris: string[] } }).data.redirect_uris, ['http://127.0.0.1:9999/cb']);
    const cookie = await browserFor(acme.owner);
    assert.equal((await open(authorizePath({ redirect_uri: 'http://127.0.0.1:9999/cb' }), cookie)).status, 302);
    assert.equal((await open(authorizePath(), cookie)).status, 400, 'the fixture\'s URI was replaced');
    // A PUT that does not name them keeps them.
    const kept = await put(subscription);
    assert.deepEqual(((await kept.json()) as { data: { redirect_uris: string[] } }).data.redirect_uris, ['http://127.0.0.1:9999/cb']);
    const got = await fetch(`${kefu.baseUrl}/kefu/v1/apps/${acme.app.appId}/event_subscription`, { headers: { authorization: `Bearer ${tenantToken}` } });
    assert.deepEqual(((await got.json()) as { data: { redirect_uris: string[] } }).data.redirect_uris, ['http://127.0.0.1:9999/cb']);
    await put({ ...subscription, redirect_uris: [REDIRECT] });
  });
});

/** A fetch answer as sdkFailure reads an SDK error. */
async function httpFailure(res: Response): Promise<never> {
  throw { response: { status: res.status, data: await res.json() } };
}
