import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot, runKefu, serveKefu, type ServingKefu } from '../support/child.js';
import { exampleFixture } from '../support/kefu.js';

describe('kefu serve on an empty database', () => {
  let dir: string;
  let kefu: ServingKefu;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    kefu = await serveKefu(['--db', join(dir, 'kefu.db')], { KEFU_LOG_LEVEL: 'warn' });
    // The banner follows the listening line; give it a moment to arrive.
    for (let i = 0; i < 50 && !kefu.stdout().includes('node-sdk'); i++) await new Promise((r) => setTimeout(r, 100));
  });
  after(async () => {
    await kefu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('creates demo data and prints a curl line that works as pasted', () => {
    const banner = kefu.stdout();
    const lines = banner.split('\n').map((l) => l.trim());
    const script = lines.filter((l) => l.startsWith('TOKEN=$(curl') || l.startsWith('curl -s')).join('\n');
    assert.ok(script.includes('agent_skills'), banner);
    const answer = JSON.parse(execFileSync('bash', ['-c', script], { encoding: 'utf8' }));
    assert.equal(answer.code, 0);
    assert.ok(answer.data.agent_skills.length >= 1);
  });

  test('prints a node-sdk snippet that works as pasted', () => {
    const banner = kefu.stdout();
    const start = banner.indexOf("import * as lark from '@larksuiteoapi/node-sdk';");
    const snippet = banner.slice(start).trim();
    const file = join(projectRoot, `.snippet-${process.pid}.mjs`);
    writeFileSync(file, snippet);
    try {
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: projectRoot });
      // The SDK prints its own "[info]: client ready" line before the snippet's JSON.
      const json = out.slice(out.indexOf('\n{') + 1);
      assert.ok(JSON.parse(json).agent_skills.some((s: { is_default: boolean }) => s.is_default));
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('stops gracefully on SIGTERM, and a restart on the same database serves without new demo data', async () => {
    assert.equal(await kefu.stop('SIGTERM'), 0);
    kefu = await serveKefu(['--db', join(dir, 'kefu.db')], { KEFU_LOG_LEVEL: 'warn' });
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch(kefu.stdout(), /demo helpdesk/);
  });
});

describe('kefu command line', () => {
  test('--help documents every command and serve flag with its environment variable', () => {
    const { status, stdout } = runKefu(['--help']);
    assert.equal(status, 0);
    for (const word of ['serve', 'token', '--port', 'PORT', '--db', 'KEFU_DB', '--fixture', 'KEFU_FIXTURE', '--now', 'KEFU_NOW', '--rate-limit', '--redis', 'KEFU_REDIS', '--log-level']) {
      assert.ok(stdout.includes(word), word);
    }
  });

  test('a bad fixture is refused with its JSON path, exit code 2, and nothing served', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    try {
      const fixture = structuredClone(exampleFixture) as any;
      fixture.tenants[0].helpdesks[0].agents[2].schedule[0].weekday = 8;
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(fixture));
      const { status, stderr } = runKefu(['serve', '--port', '0', '--db', join(dir, 'k.db'), '--fixture', join(dir, 'bad.json')]);
      assert.equal(status, 2);
      assert.match(stderr, /\$\.tenants\[0\]\.helpdesks\[0\]\.agents\[2\]\.schedule\[0\]\.weekday/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('unknown flags and bad values are refused with a message, not a stack trace', () => {
    for (const args of [['serve', '--bogus'], ['serve', '--port', 'abc'], ['serve', '--rate-limit', 'maybe'], ['serve', '--now', 'yesterday'], ['nope']]) {
      const { status, stderr } = runKefu(args);
      assert.equal(status, 2, args.join(' '));
      assert.match(stderr, /^kefu: /);
      assert.doesNotMatch(stderr, /\n\s+at /);
    }
  });

  test('kefu token mints a user token that the server honours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    const db = join(dir, 'k.db');
    const fixtureFile = join(dir, 'world.json');
    writeFileSync(fixtureFile, JSON.stringify(exampleFixture));
    const kefu = await serveKefu(['--db', db, '--fixture', fixtureFile], { KEFU_LOG_LEVEL: 'warn' });
    try {
      const minted = runKefu(['token', '--db', db, '--user', `ou_${'8'.padStart(32, '0')}`, '--app', 'cli_a000000000000001']);
      assert.equal(minted.status, 0, minted.stderr);
      const token = minted.stdout.trim();
      assert.match(token, /^u-[A-Za-z0-9_-]{20,}$/);
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_skills`, {
        headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': Buffer.from('6626871355780366330:acme-helpdesk-token').toString('base64') },
      });
      assert.equal(res.status, 200);
      const refused = runKefu(['token', '--db', db, '--user', 'ou_nobody', '--app', 'cli_a000000000000001']);
      assert.equal(refused.status, 2);

      assert.equal(runKefu(['token', '--db', db, '--revoke', token]).status, 0);
      // The server trusts what it read about a token for a few seconds at most.
      let status = 200;
      for (let i = 0; i < 50 && status === 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const again = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_skills`, {
          headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': Buffer.from('6626871355780366330:acme-helpdesk-token').toString('base64') },
        });
        status = again.status;
        if (status !== 200) assert.equal((await again.json()).code, 99991668);
      }
      assert.equal(status, 400, 'a revoked token is refused within seconds');
    } finally {
      await kefu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
