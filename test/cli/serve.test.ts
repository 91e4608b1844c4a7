import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer, type Server } from 'node:net';
import { kefuBin, projectRoot, runKefu, serveKefu, type ServingKefu } from '../support/child.js';
import { pgUrl, scratchPgDatabase } from '../support/databases.js';
import { exampleFixture } from '../support/kefu.js';

describe('kefu serve --demo (npm start) on an empty database', () => {
  let dir: string;
  let kefu: ServingKefu;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    kefu = await serveKefu(['--db', join(dir, 'kefu.db'), '--demo'], { KEFU_LOG_LEVEL: 'warn' });
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

  test("prints the owner's sign-in link, which signs a browser in once", async () => {
    const url = kefu.stdout().match(/^\s*(http:\/\/\S+\/sign-in\/link\/\S+)$/m)?.[1];
    assert.ok(url, kefu.stdout());
    const first = await fetch(url, { redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/console');
    assert.match(first.headers.get('set-cookie') ?? '', /^kefu_session=[\w-]{43}; /);
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 400);
  });

  test('stops gracefully on SIGTERM, and a restart on the same database serves without new demo data', async () => {
    assert.equal(await kefu.stop('SIGTERM'), 0);
    kefu = await serveKefu(['--db', join(dir, 'kefu.db'), '--demo'], { KEFU_LOG_LEVEL: 'warn' });
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch(kefu.stdout(), /demo helpdesk/);
  });
});

test('npm start is the demo: on an empty database it creates the demo helpdesk and prints how to call it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
  // Its own process group, so the server under npm's shell stops with it.
  const npm = spawn('npm', ['start', '--silent'], { cwd: projectRoot, detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: '0', KEFU_DB: join(dir, 'k.db'), KEFU_LOG_LEVEL: 'warn' } });
  let out = '';
  npm.stdout!.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => npm.once('exit', resolve));
  try {
    for (let i = 0; i < 300 && !out.includes('node-sdk') && npm.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, /Kefu created a demo helpdesk on this empty database/);
    assert.match(out, /cli_a1b2c3d4e5f60718/);
  } finally {
    process.kill(-npm.pid!, 'SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('kefu serve without --demo on an empty database', () => {
  let dir: string;
  let kefu: ServingKefu;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    kefu = await serveKefu(['--db', join(dir, 'kefu.db')], { KEFU_LOG_LEVEL: 'warn' });
    for (let i = 0; i < 50 && !kefu.stdout().includes('--demo'); i++) await new Promise((r) => setTimeout(r, 100));
  });
  after(async () => {
    await kefu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('starts empty, says how to load a fixture, and knows no demo credentials', async () => {
    assert.match(kefu.stdout(), /no helpdesk yet/);
    assert.match(kefu.stdout(), /--fixture FILE/);
    assert.doesNotMatch(kefu.stdout(), /demo helpdesk on this empty database|app_secret/);
    const res = await fetch(`${kefu.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'demo-secret-change-me-0000000000' }),
    });
    assert.equal((await res.json()).code, 10014, 'the demo app does not exist');
  });
});

describe('kefu serve start-up failures: one line saying what to fix, a non-zero exit', () => {
  /** stderr is exactly one `kefu: ...` line with no stack trace; answers that line. */
  function oneLine(run: { status: number | null; stderr: string }, exitCode: number): string {
    assert.equal(run.status, exitCode, run.stderr);
    assert.match(run.stderr, /^kefu: [^\n]+\n$/, run.stderr);
    return run.stderr;
  }

  test('PostgreSQL not running', () => {
    const line = oneLine(runKefu(['serve', '--port', '0', '--db', 'postgres://kefu:hunter2@127.0.0.1:1/kefu']), 1);
    assert.match(line, /cannot open the database postgres:\/\/kefu:\*\*\*@127\.0\.0\.1:1\/kefu .*start PostgreSQL, or correct the host and port in --db/);
    assert.doesNotMatch(line, /hunter2/);
  });

  test('PostgreSQL refusing the login or lacking the database', { skip: !pgUrl && 'no PostgreSQL' }, () => {
    const server = new URL(pgUrl!);
    const login = new URL(server);
    login.username = 'kefu_nobody';
    login.password = 'hunter2';
    assert.match(oneLine(runKefu(['serve', '--port', '0', '--db', login.toString()]), 1), /(role "kefu_nobody" does not exist|password authentication failed).*correct the user name or password in --db/);
    const database = new URL(server);
    database.pathname = '/kefu_no_such_database';
    assert.match(oneLine(runKefu(['serve', '--port', '0', '--db', database.toString()]), 1), /does not exist.*create that database/);
  });

  test('a SQLite path that cannot be a file, and a file that is not a database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    try {
      writeFileSync(join(dir, 'plain'), 'not a directory');
      assert.match(oneLine(runKefu(['serve', '--port', '0', '--db', join(dir, 'plain', 'k.db')]), 1), /cannot be created or opened/);
      writeFileSync(join(dir, 'text.db'), 'this is text, not SQLite'.repeat(100));
      assert.match(oneLine(runKefu(['serve', '--port', '0', '--db', join(dir, 'text.db')]), 1), /not a Kefu SQLite database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the port in use', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    try {
      const run = await runKefuAsync(['serve', '--port', String(port), '--db', join(dir, 'k.db')]);
      assert.match(oneLine(run, 1), new RegExp(`port ${port} is already in use on 127\\.0\\.0\\.1: .*choose another --port`));
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad fixture: every problem on the one line, with its JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    try {
      const fixture = structuredClone(exampleFixture) as any;
      fixture.tenants[0].helpdesks[0].agents[2].schedule[0].weekday = 8;
      fixture.tenants[0].helpdesks[0].owner = 'ou_nobody';
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(fixture));
      const line = oneLine(runKefu(['serve', '--port', '0', '--db', join(dir, 'k.db'), '--fixture', join(dir, 'bad.json')]), 2);
      assert.match(line, /fixture .*bad\.json refused, nothing loaded \(2 problems\)/);
      assert.match(line, /\$\.tenants\[0\]\.helpdesks\[0\]\.agents\[2\]\.schedule\[0\]\.weekday/);
      assert.match(line, /\$\.tenants\[0\]\.helpdesks\[0\]\.owner: ou_nobody/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kefu serve logs', () => {
  const logOf = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const kefu = await serveKefu(['--db', ':memory:', ...args], { KEFU_LOG_LEVEL: 'info', ...env });
    for (let i = 0; i < 50 && !/Server listening/.test(kefu.stdout()); i++) await new Promise((r) => setTimeout(r, 100));
    await kefu.stop();
    return kefu.stdout().split('\n').filter((l) => /Server listening/.test(l));
  };

  test('off a terminal, one JSON object a line', async () => {
    const [line] = await logOf([]);
    assert.equal(JSON.parse(line).level, 30);
  });

  test('--log-format pretty (or KEFU_LOG_FORMAT=pretty): readable lines', async () => {
    for (const [args, env] of [[['--log-format', 'pretty'], {}], [[], { KEFU_LOG_FORMAT: 'pretty' }]] as const) {
      const [line] = await logOf([...args], env);
      assert.match(line, /^\d\d:\d\d:\d\d\.\d{3} INFO  Server listening at http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  test('the start-up line shows the PostgreSQL URL without its password, whatever form it takes', { skip: !pgUrl && 'no PostgreSQL' }, async () => {
    const scratch = await scratchPgDatabase('kefu_cli');
    try {
      const url = new URL(scratch.url);
      url.searchParams.set('password', 'hunter2');
      const kefu = await serveKefu(['--db', url.toString()], { KEFU_LOG_LEVEL: 'warn' });
      await kefu.stop();
      assert.match(kefu.stdout(), /kefu listening on .*password=\*\*\*/);
      assert.doesNotMatch(kefu.stdout(), /hunter2/);
    } finally {
      await scratch.drop();
    }
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

  test('unknown flags and bad values are refused with a message, not a stack trace', () => {
    for (const args of [['serve', '--bogus'], ['serve', '--port', 'abc'], ['serve', '--rate-limit', 'maybe'], ['serve', '--now', 'yesterday'], ['serve', '--log-format', 'xml'], ['nope']]) {
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

/** runKefu without blocking the event loop, for tests that serve something themselves meanwhile. */
function runKefuAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [kefuBin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (status) => resolve({ status, stderr }));
  });
}
