// What `kefu serve` says when it cannot start: one line naming what failed and what to change, never a stack trace.
// A failure of the surroundings (the database, the port) exits 1; a bad flag or fixture is a usage error (2).
import { FixtureError } from '../fixtures/validate-fixture.js';
import { UsageError } from './options.js';

export class StartupError extends Error {}

/** Error codes from the error or anything it was caused by (migration errors wrap the driver's). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (e instanceof AggregateError) codes.push(...e.errors.flatMap(codesOf));
  }
  return codes;
}

/** The innermost message: the driver's words rather than the wrapper's. */
function rootMessage(error: unknown): string {
  let e = error as { message?: string; cause?: unknown; code?: string };
  while (e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return (e.message || e.code || String(e)).split('\n')[0];
}

/** What to change, by the error codes a failure carries; the first row that matches wins. */
const DATABASE_FIXES: [codes: string[], fix: string][] = [
  [['ECONNREFUSED'], 'nothing accepts connections there: start PostgreSQL, or correct the host and port in --db (KEFU_DB)'],
  [['ENOTFOUND', 'EAI_AGAIN'], 'the host name does not resolve: correct the host in --db (KEFU_DB)'],
  [['ETIMEDOUT', 'TIMEOUT'], 'no answer within 5 s: check the host, port and firewall, or correct --db (KEFU_DB)'],
  [['28P01', '28000'], 'PostgreSQL refused the login: correct the user name or password in --db (KEFU_DB)'],
  [['3D000'], 'create that database (createdb), or correct its name in --db (KEFU_DB)'],
  [['42501'], "grant Kefu's user the right to create tables there, or choose another database or schema in --db"],
  [['SQLITE_CANTOPEN', 'EACCES', 'EROFS', 'SQLITE_READONLY', 'EEXIST', 'ENOTDIR', 'ENOENT'], 'the file cannot be created or opened for writing: correct --db (KEFU_DB) or its permissions'],
  [['SQLITE_NOTADB', 'SQLITE_CORRUPT'], 'the file is not a Kefu SQLite database: correct --db (KEFU_DB)'],
];

const LISTEN_FIXES = (host: string, port: number): [codes: string[], fix: string][] => [
  [['EADDRINUSE'], `port ${port} is already in use on ${host}: stop what listens there, or choose another --port (PORT)`],
  [['EACCES'], `this user may not listen on port ${port}: choose a port from 1024 up with --port (PORT)`],
  [['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN'], `${host} is not an address of this machine: correct --host (HOST)`],
];

function fixFor(error: unknown, rows: [string[], string][], otherwise: string): string {
  const codes = codesOf(error);
  // pg says "timeout exceeded when trying to connect" without a code.
  if (/timeout/i.test(rootMessage(error))) codes.push('TIMEOUT');
  return rows.find(([wanted]) => wanted.some((c) => codes.includes(c)))?.[1] ?? otherwise;
}

export function databaseFailure(error: unknown, location: string): StartupError {
  const fix = fixFor(error, DATABASE_FIXES, 'correct --db (KEFU_DB); a database server says more in its own log');
  return new StartupError(`cannot open the database ${location} (${rootMessage(error)}): ${fix}`);
}

export function listenFailure(error: unknown, host: string, port: number): StartupError {
  const fix = fixFor(error, LISTEN_FIXES(host, port), 'correct --host (HOST) or --port (PORT)');
  return new StartupError(`cannot listen on ${host}:${port} (${rootMessage(error)}): ${fix}`);
}

/** A refused fixture, its problems on one line (each names its JSON path); nothing of it was written. */
export function fixtureFailure(error: FixtureError, file: string): UsageError {
  const problems = error.problems;
  return new UsageError(`fixture ${file} refused, nothing loaded (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}): ${problems.join('; ')}`);
}
