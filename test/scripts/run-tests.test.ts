// npm test's runner: in CI, and whenever KEFU_TEST_PG is given, a missing PostgreSQL or Redis and any skipped test fail
// the run; elsewhere a suite that needs a missing server skips. Each case runs the real runner (or node's test runner
// on a support module) on a small test file of its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../support/child.js';

/** A port nothing listens on (the discard port; a test machine runs no such service). */
const DEAD = '127.0.0.1:9';
const supportModule = (name: string) => pathToFileURL(join(projectRoot, 'test/support', name)).href;

/**
 * The environment of a run outside CI, with none of the variables that make servers required, and not marked as a
 * child of this test run (NODE_TEST_CONTEXT would make node report to this run instead of printing).
 */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CI', 'KEFU_TEST_PG', 'KEFU_TEST_REDIS', 'KEFU_TEST_SERVERS', 'NODE_TEST_CONTEXT']) delete env[name];
  return { ...env, ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', env, timeout: 120_000 });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

const runTests = (files: string[], env: NodeJS.ProcessEnv) => run(['scripts/run-tests.mjs', ...files], env);

describe('scripts/run-tests.mjs', () => {
  let dir: string;
  let skipping: string;
  let needsRedis: string;
  let needsPostgres: string;
  before(() => {
    // The files that import support modules are .mts: outside the project's package.json they would load as CommonJS,
    // which has no top-level await.
    dir = mkdtempSync(join(tmpdir(), 'kefu-runner-'));
    skipping = join(dir, 'skipping.test.ts');
    writeFileSync(skipping, `import { test } from 'node:test';\ntest('runs', () => {});\ntest('is skipped', { skip: 'for a reason' }, () => {});\n`);
    needsRedis = join(dir, 'needs-redis.test.mts');
    writeFileSync(needsRedis, `import { test } from 'node:test';\nimport { withoutRedis } from '${supportModule('redis.ts')}';\ntest('uses Redis', { skip: withoutRedis() }, () => {});\n`);
    needsPostgres = join(dir, 'needs-postgres.test.mts');
    writeFileSync(needsPostgres, `import { test } from 'node:test';\nimport { withoutPostgres } from '${supportModule('databases.ts')}';\ntest('uses PostgreSQL', { skip: withoutPostgres }, () => {});\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('in CI a skipped test fails the run, and the run names it', () => {
    const { status, out, err } = runTests([skipping], plainEnv({ CI: 'true' }));
    assert.equal(status, 1, out + err);
    assert.match(out, /run-tests: 2 tests, 1 passed, 0 failed, 0 cancelled, 1 skipped/);
    assert.match(err, /1 skipped where nothing may skip:\n.*is skipped # SKIP for a reason/);
  });

  test('outside CI a skipped test is counted in the summary and the run passes', () => {
    const { status, out, err } = runTests([skipping], plainEnv({ CI: 'false' }));
    assert.equal(status, 0, out + err);
    assert.match(out, /run-tests: 2 tests, 1 passed, 0 failed, 0 cancelled, 1 skipped/);
  });

  test('a failing test fails the run', () => {
    const failing = join(dir, 'failing.test.ts');
    writeFileSync(failing, `import { test } from 'node:test';\ntest('fails', () => { throw new Error('no'); });\n`);
    const { status, out } = runTests([failing], plainEnv());
    assert.equal(status, 1);
    assert.match(out, /run-tests: 1 tests, 0 passed, 1 failed/);
  });

  test('KEFU_TEST_PG given but not answering fails before any test runs, naming the address', () => {
    const { status, out, err } = runTests([skipping], plainEnv({ KEFU_TEST_PG: `postgres://postgres@${DEAD}/test` }));
    assert.equal(status, 1);
    assert.match(err, /KEFU_TEST_PG is given, so PostgreSQL is required, and none answers at 127\.0\.0\.1:9/);
    assert.doesNotMatch(out, /run-tests: \d+ tests/);
  });

  test('in CI a Redis that does not answer fails before any test runs, naming the address', () => {
    const { status, out, err } = runTests([skipping], plainEnv({ CI: '1', KEFU_TEST_REDIS: `redis://${DEAD}` }));
    assert.equal(status, 1);
    assert.match(err, /CI is set, so Redis is required, and none answers at 127\.0\.0\.1:9/);
    assert.doesNotMatch(out, /run-tests: \d+ tests/);
  });

  // The same rule inside the test files, for a run that bypasses the runner's own checks.
  const nodeTest = (file: string, env: NodeJS.ProcessEnv) => run(['--import', 'tsx', '--test', '--test-reporter=tap', file], env);

  test('a suite that needs a missing Redis skips, unless the servers are required: then its file fails', () => {
    const relaxed = nodeTest(needsRedis, plainEnv({ KEFU_TEST_REDIS: `redis://${DEAD}` }));
    assert.equal(relaxed.status, 0, relaxed.out + relaxed.err);
    assert.match(relaxed.out, /# SKIP needs Redis at redis:\/\/127\.0\.0\.1:9/);
    const strict = nodeTest(needsRedis, plainEnv({ KEFU_TEST_REDIS: `redis://${DEAD}`, KEFU_TEST_SERVERS: 'required', KEFU_TEST_PG: 'postgres://postgres@127.0.0.1:5432/test' }));
    assert.equal(strict.status, 1, strict.out);
    assert.match(strict.out + strict.err, /Redis is required here/);
    assert.doesNotMatch(strict.out, /# SKIP/);
  });

  test('a suite that needs PostgreSQL skips without KEFU_TEST_PG, unless the servers are required: then its file fails', () => {
    const relaxed = nodeTest(needsPostgres, plainEnv());
    assert.equal(relaxed.status, 0, relaxed.out + relaxed.err);
    assert.match(relaxed.out, /# SKIP needs PostgreSQL/);
    const strict = nodeTest(needsPostgres, plainEnv({ KEFU_TEST_SERVERS: 'required' }));
    assert.equal(strict.status, 1, strict.out);
    assert.match(strict.out + strict.err, /PostgreSQL is required here/);
    assert.doesNotMatch(strict.out, /# SKIP/);
  });
});
