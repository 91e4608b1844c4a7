// The layers of src/ (docs/architecture.md): the platform sits under the services and imports none of them; each
// shape the layers share is defined once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../support/child.js';

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [{ path, text: readFileSync(join(projectRoot, path), 'utf8') }] : [];
  });
}

test('nothing in src/platform imports a service', () => {
  const offenders = sources('src/platform').filter((f) => /from '\.\.\/services\//.test(f.text)).map((f) => f.path);
  assert.deepEqual(offenders, []);
});

test('FieldViolation, Caller and MaybePromise are each defined in one place', () => {
  const all = sources('src');
  for (const name of ['FieldViolation', 'Caller', 'MaybePromise']) {
    const definitions = all.filter((f) => new RegExp(`export (interface|type) ${name}\\b`).test(f.text)).map((f) => f.path);
    assert.equal(definitions.length, 1, `${name} is defined in ${definitions.join(', ')}`);
  }
});
