// package.json's engines field promises the oldest Node that runs Kefu: it must be at least as new as every Node API
// the sources use that arrived after 20.0.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../support/child.js';

/** Node APIs newer than 20.0 and the first 20.x release that has each, with how to recognise a use of it. */
const RECENT_APIS: { name: string; since: [number, number, number]; used: RegExp }[] = [
  { name: 'crypto.hash', since: [20, 12, 0], used: /import \{[^}]*\bhash\b[^}]*\} from 'node:crypto'/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('engines.node is no older than the newest Node API Kefu uses', () => {
  const engines = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).engines.node as string;
  const match = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(engines);
  assert.ok(match, `engines.node is ">=X.Y.Z" (got ${engines})`);
  const floor = match.slice(1).map(Number);
  const text = sources(join(projectRoot, 'src')).map((file) => readFileSync(file, 'utf8')).join('\n');
  for (const api of RECENT_APIS) {
    if (!api.used.test(text)) continue;
    const newer = api.since.findIndex((part, i) => part !== floor[i]);
    assert.ok(newer === -1 || floor[newer] > api.since[newer], `${api.name} needs Node ${api.since.join('.')}, engines says ${engines}`);
  }
});
