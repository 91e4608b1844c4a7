#!/usr/bin/env node
// The kefu command. It runs the compiled build in dist/ (`npm run build`; the Docker image ships it) when that build
// is at least as new as every source file, and otherwise the TypeScript sources through tsx, so a fresh clone needs
// no build step and an edited source is never shadowed by an older build (docs/deploy.md).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/main.js', root);

/** The newest modification time under a folder of sources, in ms (0 when it is absent, as in the Docker image). */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let main;
if (existsSync(built) && statSync(built).mtimeMs >= newestSource(fileURLToPath(new URL('src', root)))) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv.slice(2));
