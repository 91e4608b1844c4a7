// The console's static files, served under fingerprinted names (/console/assets/console.<hash>.js) so a browser may
// keep them for a year: a changed file gets a new name. embed.js keeps its plain name, since websites include it by
// that name; it is answered with an ETag and revalidated.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Asset {
  name: string;
  body: Buffer;
  type: string;
  etag: string;
  /** The name pages link to. */
  path: string;
}

// Next to this module in the sources; the compiled build (dist/) finds them in the sources too.
const DIR = new URL('../../src/console/assets/', import.meta.url);
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

function load(name: string, fingerprinted: boolean, at?: string): Asset {
  const body = readFileSync(new URL(name, DIR));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  const ext = name.slice(dot + 1);
  return { name, body, type: TYPES[ext], etag: `"${hash}"`, path: at ?? `/console/assets/${fingerprinted ? `${name.slice(0, dot)}.${hash}.${ext}` : name}` };
}

export const assets = {
  script: load('console.js', true),
  style: load('console.css', true),
  embed: load('embed.js', false, '/console/embed.js'),
};

const byPath = new Map(Object.values(assets).map((a) => [a.path, a]));

export function assetAt(path: string): Asset | undefined {
  return byPath.get(path);
}
