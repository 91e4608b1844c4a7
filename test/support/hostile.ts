// fast-check arbitraries for what a hostile or broken client sends: query strings, path parameters, JSON bodies and
// headers, built as bytes for the raw client so that malformed input really reaches the server.
import fc from 'fast-check';
import { acme, globex, helpdeskHeader } from './kefu.js';
import { fillPath, queryKeysOf, type Endpoint } from './endpoints.js';
import type { RawHeader } from './raw-http.js';

/** Strings chosen to break parsers and validators: numbers out of range, encodings, names that poison prototypes. */
const nastyStrings = [
  '', ' ', '0', '-1', '-0', '1.5', '1e400', '-1e400', '9'.repeat(400), '0x10', ' 1', '1 ', 'NaN', 'Infinity', 'null', 'true',
  '[]', '{}', '[object Object]', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '\u0000', '\u202e',
  '张三', '😀', '\ud800', "' OR 1=1 --", '"; drop table skills; --', '<script>alert(1)</script>', '../../etc/passwd', '%', '%zz',
  'a'.repeat(5000), 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'skill-default', 'skill-japanese', acme.alice,
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, where encodeURIComponent would throw). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const badEscapes = ['%', '%zz', '%E4%B8', '%C0%AF', '%00', '%FF', '%%41', '%2', '%u4E2D'];

/** How a piece of a target goes on the wire: encoded properly, raw (non-ASCII bytes as they are), or with a broken escape. */
const wireForm = (text: string) =>
  fc.oneof(
    fc.constant(percentEncode(text)),
    fc.constant(text.replace(/[ \r\n#]/g, '')),
    fc.constantFrom(...badEscapes).map((bad) => `${percentEncode(text)}${bad}`),
  );

function queryKey(e: Endpoint): fc.Arbitrary<string> {
  const known = queryKeysOf(e);
  const shapes = known.flatMap((k) => [k, k, `${k}[]`, `${k}[0]`, `${k}[a]`, `${k}.x`]);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(shapes.length > 0 ? shapes : ['page'])) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', '', '[]', 'a[b][c]') },
    { weight: 1, arbitrary: hostileText },
  );
}

function queryValue(e: Endpoint): fc.Arbitrary<string> {
  const examples = (e.example.query ?? []).map(([, v]) => v);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...(examples.length > 0 ? examples : ['1'])) },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 300 }).map(String) },
    { weight: 3, arbitrary: hostileText },
  );
}

/** A query string: repeated, bracketed, empty and unknown keys, values of every type, in every wire form. */
export function hostileQuery(e: Endpoint): fc.Arbitrary<string> {
  const pair = fc.tuple(queryKey(e), queryValue(e), fc.constantFrom('=', '=', '=', '', '==')).chain(([k, v, eq]) =>
    fc.tuple(wireForm(k), wireForm(v)).map(([wk, wv]) => (eq === '' ? wk : `${wk}${eq}${wv}`)),
  );
  return fc.tuple(fc.array(pair, { maxLength: 12 }), fc.constantFrom('&', '&', '&&', ';')).map(([pairs, sep]) => pairs.join(sep));
}

/** Path parameters: unknown ids, another tenant's, too long, encoded slashes, dots, non-ASCII. */
export function hostilePath(e: Endpoint): fc.Arbitrary<string> {
  const names = [...e.path.matchAll(/:([a-z_]+)/g)].map((m) => m[1]);
  if (names.length === 0) return fc.constant(fillPath(e));
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(199), 'x'.repeat(201), 'x'.repeat(5000), '%2F', '..', '.', 'globex-default', ' ') },
  );
  return fc.tuple(...names.map(() => value.chain(wireForm))).map((values) => fillPath(e, Object.fromEntries(names.map((n, i) => [n, values[i]])), true));
}

// ---- bodies ----

/** JSON values of every type, and the large and deep ones. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(null, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, '', true, [], {}, [null], { '': null }) },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 100_000, 500_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(1_001, 20_000, 100_000).map((n) => Array.from({ length: n }, (_, i) => `ou_${i}`)) },
  // Deeper values than this are built as text (hostileBody): JSON.stringify itself cannot write them.
  { weight: 1, arbitrary: fc.constantFrom(60, 70, 1_000).map((n) => nested(n)) },
);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function replaceAt(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
  } else copy[head] = replaceAt(copy[head], rest, replacement, remove);
  return copy;
}

/** The example with one node replaced (wrong type, null, huge, deep), removed, or given an unknown sibling. */
function mutatedBody(example: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(example);
  return fc
    .tuple(fc.constantFrom(...paths), hostileJsonValue, fc.constantFrom('replace', 'replace', 'remove', 'sibling'), hostileText)
    .map(([path, value, how, key]) => {
      if (how === 'sibling') return JSON.stringify(replaceAt(example, [...path, key], value, false));
      return JSON.stringify(replaceAt(example, path, value, how === 'remove')) ?? 'null';
    });
}

/** Injects `"key": value` as the first member of the object at the text's first `{` (duplicates and poisoned keys). */
function injectMember(text: string, key: string, value: string): string {
  const at = text.indexOf('{');
  if (at < 0) return `{${JSON.stringify(key)}:${value}}`;
  const rest = text.slice(at + 1).trimStart();
  return `${text.slice(0, at + 1)}${JSON.stringify(key)}:${value}${rest.startsWith('}') ? '' : ','}${rest}`;
}

function objectKeys(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => objectKeys(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.add(k), objectKeys(v, out));
  return out;
}

/** Bodies a parser should refuse or a validator should name: each comes with the Content-Type it is sent with. */
export function hostileBody(e: Endpoint): fc.Arbitrary<{ text: string; contentType: string | undefined }> {
  const example = e.example.body ?? {};
  const exampleText = JSON.stringify(example);
  const keys = [...objectKeys(example), 'x'];
  const json = 'application/json; charset=utf-8';
  const text = fc.oneof(
    { weight: 6, arbitrary: mutatedBody(example) },
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, exampleText.length - 1) }).map((n) => exampleText.slice(0, n)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '}', '{"a":}', "{'a':1}", '{"a":1,}', '[1,]', 'nul', 'NaN', '{"a":NaN}', '\uFEFF{}', '{}{}', '{} x', '/* c */{}', '"\\ud800"', '{"a":"\\x41"}', ' ', '\u0000') },
    { weight: 1, arbitrary: hostileText },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...keys), hostileJsonValue).map(([k, v]) => injectMember(exampleText, k, JSON.stringify(v) ?? 'null')) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('{"polluted":1}', '{"prototype":{"polluted":1}}', 'null', '[]')
        .chain((v) => fc.constantFrom(injectMember(exampleText, '__proto__', v), injectMember(exampleText, 'constructor', v), injectMember(exampleText.replace(/^\{"(\w+)":\{/, '{"$1":{"__proto__":{"polluted":1},'), 'x', '1'))),
    },
    { weight: 1, arbitrary: fc.constantFrom(100, 10_000, 200_000).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom(100, 10_000, 100_000).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`) },
  );
  return fc.tuple(text, fc.constantFrom<string | undefined>(json, json, json, json, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined, 'application/json; charset=latin1')).map(([t, contentType]) => ({ text: t, contentType }));
}

// ---- headers ----

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Values for Authorization: malformed, forged, huge, another tenant's; the right one often, so one fault at a time is common. */
export function hostileAuthorization(goodToken: string | undefined, globexToken: string): fc.Arbitrary<string | undefined> {
  const good = goodToken ?? 't-x';
  const wrong = fc.constantFrom(
    undefined,
    '',
    'Bearer',
    'Bearer ',
    `bearer ${good}`,
    `Basic ${b64('a:b')}`,
    `Bearer ${good} extra`,
    `Bearer ${good.slice(0, -1)}`,
    'Bearer t-forged00000000000000000000000000000000',
    'Bearer u-forged00000000000000000000000000000000',
    'Bearer a-forged00000000000000000000000000000000',
    `Bearer t-${'A'.repeat(8 * 1024)}`,
    `Bearer ${globexToken}`,
    `Bearer ${globex.ownerToken}`,
    `Bearer ${acme.ownerExpiredToken}`,
    `Bearer ${acme.ownerReadonlyToken}`,
    `Bearer ${acme.plainUserToken}`,
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(goodToken === undefined ? undefined : `Bearer ${goodToken}`) },
    { weight: 3, arbitrary: wrong },
    { weight: 2, arbitrary: hostileText.map((t) => `Bearer ${t.replace(/[\r\n]/g, '')}`) },
  );
}

/** Values for X-Lark-Helpdesk-Authorization: bad base64, undefined:undefined, huge, another tenant's helpdesk; the right one often. */
export const hostileHelpdeskHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken), helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken, false)),
  fc.constantFrom(
    undefined,
    '',
    'Bearer',
    'Bearer !!!notbase64!!!',
    `Bearer ${b64('undefined:undefined')}`,
    b64(`${acme.helpdesk.helpDeskId}:`),
    b64(`:${acme.helpdesk.helpDeskToken}`),
    b64(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}x`),
    b64(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`).slice(0, -2),
    b64(`${acme.helpdesk.helpDeskId}`),
    b64(`${globex.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}`),
    b64(`${acme.helpdesk.helpDeskId}:${globex.helpdesk.helpDeskToken}`),
    b64(`66\u00002:${acme.helpdesk.helpDeskToken}`),
    b64(`${acme.helpdesk.helpDeskId}:${acme.helpdesk.helpDeskToken}\u0000`),
    helpdeskHeader(globex.helpdesk.helpDeskId, globex.helpdesk.helpDeskToken),
    `Bearer ${b64(`${acme.helpdesk.helpDeskId}:${'x'.repeat(6000)}`)}`,
    `Bearer ${'A'.repeat(12 * 1024)}`,
  ),
  hostileText.map((t) => `Bearer ${b64(t)}`),
  hostileText.map((t) => `Bearer ${b64(`${t}:${acme.helpdesk.helpDeskToken}`)}`),
  hostileText.map((t) => `Bearer ${b64(`${acme.helpdesk.helpDeskId}:${t}`)}`),
  hostileText.map((t) => t.replace(/[\r\n]/g, '')),
);

/** Extra headers that should change nothing: duplicates, huge ones (some past Node's 16 KiB header limit), odd bytes. */
export const hostileExtraHeaders: fc.Arbitrary<RawHeader[]> = fc.array(
  fc.oneof(
    fc.constantFrom<RawHeader>(
      ['X-Filler', 'x'.repeat(4 * 1024)],
      ['X-Filler', 'x'.repeat(20 * 1024)],
      ['Authorization', 'Bearer t-second-authorization-header'],
      ['X-Lark-Helpdesk-Authorization', 'Bearer second'],
      ['Content-Type', 'text/plain'],
      ['Transfer-Encoding', 'gzip'],
      ['Content-Encoding', 'gzip'],
      ['X-Request-Id', '../../etc/passwd'],
      ['X-Tt-Logid', 'forged-log-id'],
      ['Accept', '*/*'],
      ['X-Forwarded-For', '1.2.3.4'],
      ['X-Utf8', Buffer.from('张三', 'utf8')],
      ['X-Latin1', Buffer.from([0xff, 0xfe])],
      ['Bad Name', 'x'],
      ['X-Empty', ''],
    ),
  ),
  { maxLength: 3 },
);

/** The body shapes every endpoint meets on every run, whatever the random draw. */
export function mustTryBodies(e: Endpoint): { text: string; contentType: string | undefined }[] {
  const exampleText = JSON.stringify(e.example.body ?? {});
  const json = 'application/json; charset=utf-8';
  const firstKey = Object.keys((e.example.body ?? {}) as object)[0] ?? 'x';
  return [
    '['.repeat(200_000) + ']'.repeat(200_000),
    `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    injectMember(exampleText, firstKey, `${'['.repeat(5_000)}${']'.repeat(5_000)}`),
    injectMember(exampleText, '__proto__', '{"polluted":1}'),
    injectMember(exampleText, 'constructor', '{"prototype":{"polluted":1}}'),
    injectMember(exampleText, firstKey, 'null'),
    'null',
    '[]',
    '"text"',
    '{',
    `{"x":"${'y'.repeat(1024 * 1024)}"}`,
    injectMember(exampleText, firstKey, JSON.stringify(Array.from({ length: 50_000 }, () => 'ou_x'))),
  ].map((text) => ({ text, contentType: json }));
}
