// A token revoked by one process is refused by a `kefu serve` process on the same database within the one bound
// of docs/architecture.md ("Tokens"): CREDENTIAL_TRUST_MS after the revocation, whatever that process had cached.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '../../src/db/connect.js';
import { systemClock } from '../../src/platform/clock.js';
import { CREDENTIAL_TRUST_MS } from '../../src/platform/credentials.js';
import { AuthService } from '../../src/services/auth-service.js';
import { Store } from '../../src/services/store.js';
import { projectRoot, runKefu, serveKefu, type ServingKefu } from '../support/child.js';
import { pgUrl } from '../support/databases.js';
import { acme, describeEachDatabase, helpdeskHeader } from '../support/kefu.js';
import { emptySchema } from '../support/pg-schema.js';

const fixture = join(projectRoot, 'fixtures/example.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

describeEachDatabase('revoking a token while another process serves it', (dialect) => {
  let db: string;
  let cleanup: () => Promise<void> | void;
  let server: ServingKefu;
  before(async () => {
    if (dialect === 'postgres' && pgUrl) {
      const schema = await emptySchema('kefu_revoke');
      db = schema.url;
      cleanup = schema.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'kefu-revoke-'));
      db = join(dir, 'kefu.db');
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    }
    server = await serveKefu(['--db', db, '--fixture', fixture, '--log-level', 'warn', '--rate-limit', 'off']);
  });
  after(async () => {
    await server?.stop();
    await cleanup?.();
  });

  /**
   * GET agent_skills as a user; the two helpdesk header forms (with and without "Bearer ") are the SDKs' two. Each on
   * a new connection: the test pauses longer than the server keeps an idle connection open.
   */
  function read(token: string, bearerForm: boolean): Promise<{ status: number; code: number }> {
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken, bearerForm) };
    return new Promise((resolve, reject) => {
      get(`${server.baseUrl}/open-apis/helpdesk/v1/agent_skills`, { headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as { code: number }).code }));
      }).on('error', reject);
    });
  }

  /** Polls until the token is refused; the cap only ends a broken run. */
  async function untilRefused(token: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if ((await read(token, true)).code === 99991668) return;
      await sleep(100);
    }
    assert.fail('the revoked token was never refused');
  }

  test(`refused everywhere ${CREDENTIAL_TRUST_MS} ms after the revocation, even when cached under a second pair of headers`, async () => {
    const token = acme.ownerToken;
    const readStarted = performance.now();
    assert.equal((await read(token, true)).status, 200, 'the server has just read the token');

    // Another process revokes it: this test's own connection to the database.
    const database = await openDatabase(db);
    try {
      assert.equal(await new AuthService(new Store(database), systemClock).revoke(token), true);
    } finally {
      await database.close();
    }
    const revokedAt = performance.now();

    // While the server may still trust its read, the same credentials arrive under the other header form: a proof
    // made now must not outlive the read it rests on.
    await sleep(readStarted + CREDENTIAL_TRUST_MS - 500 - performance.now());
    await read(token, false);

    await untilRefused(token);
    await sleep(revokedAt + CREDENTIAL_TRUST_MS + 10 - performance.now());
    for (const bearerForm of [true, false]) assert.deepEqual(await read(token, bearerForm), { status: 400, code: 99991668 });
  });

  test('kefu token --revoke: the serving process refuses the token once the bound has passed', async () => {
    const token = acme.adminToken;
    assert.equal((await read(token, true)).status, 200);
    const revoked = runKefu(['token', '--revoke', token, '--db', db]);
    assert.equal(revoked.status, 0, revoked.stderr);
    const revokedAt = performance.now();
    await untilRefused(token);
    await sleep(revokedAt + CREDENTIAL_TRUST_MS + 10 - performance.now());
    for (const bearerForm of [true, false]) assert.deepEqual(await read(token, bearerForm), { status: 400, code: 99991668 });
  });
});
