// What every answer must look like, whatever was asked: never a 5xx; an error is a 4xx whose (status, code) is a row
// of the error table, with the {code, msg, data: {}} envelope and the request's log id; a 2xx carries code 0; nothing
// internal (SQL errors, stack traces) and nothing of another tenant or of a secret is in it.
import { errors } from '../../src/platform/errors.js';
import { ruleCatalogue } from '../../src/services/skills-service.js';
import type { Endpoint } from './endpoints.js';
import { exampleFixture } from './kefu.js';
import type { RawAnswer } from './raw-http.js';

const documented = Object.values(errors).filter((row) => row.status < 500);

export function isDocumentedError(status: number, code: unknown): boolean {
  return documented.some((row) => row.status === status && row.code === code);
}

const internals = /database is locked|SQLITE_|SqliteError|syntax error at|violates .* constraint|at [\w.<>]+ \(.*:\d+:\d+\)|node_modules|RangeError|TypeError/;

/** What is wrong with an answer, as readable lines; empty when it is as documented. */
export function answerProblems(e: Endpoint, answer: RawAnswer): string[] {
  const problems: string[] = [];
  const { status, json: body } = answer;
  if (status >= 500) problems.push(`answered ${status}`);
  if (internals.test(answer.text)) problems.push('the answer shows internals');
  // A probe answers its own small document; a request too malformed to route is refused like any other.
  if (e.plainText && status < 400) {
    if (status !== 200 || !/^text\/plain/.test(String(answer.headers['content-type']))) problems.push(`plain-text probe answered ${status} ${answer.headers['content-type']}`);
    return problems;
  }
  if (e.access === 'probe' && status < 400) {
    if (status !== 200 || typeof body?.status !== 'string') problems.push(`probe answered ${status} ${answer.text.slice(0, 200)}`);
    return problems;
  }
  // A file route's success is the file: an image with its name; only its refusals speak the envelope.
  if (e.binary && status >= 200 && status < 300) {
    if (!/^image\//.test(String(answer.headers['content-type']))) problems.push(`a file answered as ${answer.headers['content-type']}`);
    if (!/^attachment; filename=/.test(String(answer.headers['content-disposition']))) problems.push('a file without Content-Disposition');
    return problems;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [...problems, `not a JSON object: ${answer.text.slice(0, 200)}`];
  if (typeof body.code !== 'number' || typeof body.msg !== 'string') problems.push('no integer code and string msg');
  if (!answer.headers['x-tt-logid']) problems.push('no X-Tt-Logid header');
  if (status >= 200 && status < 300) {
    const refusal = e.refusalCodes?.includes(body.code);
    if (body.code !== 0 && !refusal) problems.push(`2xx with code ${body.code}`);
    if (refusal && JSON.stringify(body.data) !== '{}') problems.push('a refusal whose data is not {}');
    if (e.access !== 'public' && (body.data === null || typeof body.data !== 'object')) problems.push('2xx without data');
  } else if (status >= 400 && status < 500) {
    if (!isDocumentedError(status, body.code)) problems.push(`undocumented error ${status}/${body.code}`);
    if (JSON.stringify(body.data) !== '{}') problems.push('an error whose data is not {}');
    if (body.error?.log_id !== answer.headers['x-tt-logid']) problems.push('error.log_id is not the X-Tt-Logid header');
  } else if (status < 500) {
    problems.push(`unexpected status ${status}`);
  }
  return problems;
}

function stringsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

const tenants = exampleFixture.tenants as unknown as { tenant_key: string }[];
const acmeStrings = stringsIn(tenants.find((t) => t.tenant_key === 'acme'));
const globexStrings = stringsIn(tenants.find((t) => t.tenant_key === 'globex'));
// The rule catalogue is the same for everyone and its example operands happen to use common names ("Zhang San");
// the long connection's URL names its device_id (globex has a field named "device").
const everyonesText = `${JSON.stringify(ruleCatalogue())} device_id`;

/** Strings only one tenant's part of the fixture holds: names, ids, emails, secrets. */
function markersOnlyIn(own: Set<string>, other: Set<string>): string[] {
  return [...own].filter((s) => s.length >= 6 && !other.has(s) && !/^https?:/.test(s) && !everyonesText.includes(s));
}

/** Globex's data: none of it may reach an acme caller. */
export const globexMarkers = markersOnlyIn(globexStrings, acmeStrings);

/** Acme's data: none of it may reach a globex caller. */
export const acmeMarkers = markersOnlyIn(acmeStrings, globexStrings);

interface FixtureSecrets {
  app_secret?: string;
  helpdesk_token?: string;
  token?: string;
}

/** Every credential in the fixture: app secrets, helpdesk tokens, user tokens. */
export const fixtureSecrets = (() => {
  const out = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as FixtureSecrets;
      for (const key of ['app_secret', 'helpdesk_token', 'token'] as const) if (typeof v[key] === 'string') out.add(v[key]!);
      Object.values(value).forEach(walk);
    }
  };
  walk(exampleFixture);
  return [...out];
})();

/** Markers found in the answer that the request itself did not carry (an echo of the caller's own input is no leak). */
export function leaks(answerText: string, requestText: string, markers: readonly string[]): string[] {
  return markers.filter((m) => answerText.includes(m) && !requestText.includes(m));
}
