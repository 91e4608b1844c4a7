// kefu login-link and kefu user password, run as a user runs them, on a database holding the example fixture.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Store } from '../../src/services/store.js';
import { SignInService } from '../../src/services/sign-in-service.js';
import { systemClock } from '../../src/platform/clock.js';
import { kefuBin, runKefu } from '../support/child.js';
import type { TestDatabase } from '../support/databases.js';
import { acme, fixtureDatabase } from '../support/kefu.js';

let db: TestDatabase;
let signIn: SignInService;
before(async () => {
  db = await fixtureDatabase('sqlite');
  signIn = new SignInService(new Store(db.database), systemClock);
});
after(async () => db.dispose());

test('kefu login-link prints a link on the given address that signs the person in once', async () => {
  const run = runKefu(['login-link', '--user', acme.admin, '--next', '/console/skills', '--db', db.url, '--base-url', 'https://kefu.example.com']);
  assert.equal(run.status, 0, run.stderr);
  const url = new URL(run.stdout.trim());
  assert.equal(url.origin, 'https://kefu.example.com');
  assert.equal(url.searchParams.get('next'), '/console/skills');
  const token = url.pathname.replace('/sign-in/link/', '');
  const session = await signIn.redeemLoginLink(token);
  assert.equal(session?.next_path, '/console/skills');
  assert.equal((await signIn.sessionPerson(session!.cookie))?.open_id, acme.admin);
  assert.equal(await signIn.redeemLoginLink(token), undefined);
});

test('kefu login-link refuses an unknown person and a next that leaves the server, writing nothing', async () => {
  const count = async () => (await db.database.db.selectFrom('sign_in_links').selectAll().execute()).length;
  const before = await count();
  const unknown = runKefu(['login-link', '--user', 'ou_nobody', '--db', db.url]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /kefu: no user ou_nobody/);
  const away = runKefu(['login-link', '--user', acme.admin, '--next', '//evil.example', '--db', db.url]);
  assert.equal(away.status, 2);
  assert.match(away.stderr, /next must be a path on this server/);
  assert.equal(await count(), before);
});

const setPassword = (input: string, user = acme.bob) =>
  spawnSync(process.execPath, [kefuBin, 'user', 'password', '--user', user, '--db', db.url], { input, encoding: 'utf8', timeout: 60_000 });

test('kefu user password reads the password from standard input, never the command line', async () => {
  const run = setPassword('bob has a password\n');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(await signIn.verifyPassword(acme.bob, 'bob has a password', '127.0.0.1'), acme.bob);
  await assert.rejects(signIn.verifyPassword(acme.bob, 'bob has a password\n', '127.0.0.1'));
  const short = setPassword('short\n');
  assert.equal(short.status, 2);
  assert.match(short.stderr, /at least 8 characters/);
  assert.equal(await signIn.verifyPassword(acme.bob, 'bob has a password', '127.0.0.1'), acme.bob);
  const unknown = setPassword('a good password\n', 'ou_nobody');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no user ou_nobody/);
});
