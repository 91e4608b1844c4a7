// bin/kefu.js runs the compiled build when it is at least as new as every source, and the sources through tsx
// otherwise: a fresh clone needs no build, and an edited source is never shadowed by an older build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { projectRoot } from '../support/child.js';

let dir: string;
/** A copy of bin/ beside a stand-in build and stand-in sources, each saying which one ran. */
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kefu-bin-'));
  cpSync(join(projectRoot, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(projectRoot, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cli', 'main.js'), "export async function main(args) { console.log('dist', args.join(' ')); }\n");
  writeFileSync(join(dir, 'src', 'cli', 'main.ts'), "export async function main(args: string[]): Promise<void> { console.log('src', args.join(' ')); }\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = () => spawnSync(process.execPath, [join(dir, 'bin', 'kefu.js'), 'serve', '--x'], { encoding: 'utf8' }).stdout.trim();
const age = (path: string, secondsAgo: number) => {
  const at = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(join(dir, path), at, at);
};

test('a build newer than every source runs, with the arguments', () => {
  age('src/cli/main.ts', 60);
  age('dist/cli/main.js', 10);
  assert.equal(run(), 'dist serve --x');
});

test('a source edited after the build runs through tsx instead', () => {
  age('dist/cli/main.js', 60);
  age('src/cli/main.ts', 10);
  assert.equal(run(), 'src serve --x');
});

test('without a build (a fresh clone) the sources run; without sources (the Docker image) the build runs', () => {
  rmSync(join(dir, 'dist'), { recursive: true });
  assert.equal(run(), 'src serve --x');
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cli', 'main.js'), "export async function main(args) { console.log('dist', args.join(' ')); }\n");
  rmSync(join(dir, 'src'), { recursive: true });
  assert.equal(run(), 'dist serve --x');
});
