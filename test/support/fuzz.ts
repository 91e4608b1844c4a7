// Runs one hostile request against a live Kefu and checks what the reliability suite promises about every answer:
// an answer within the client's timeout, never a 5xx, the documented envelope and code, nothing of another tenant or
// of a secret in it, a refused write that changed nothing, and an accepted one that leaves every read working.
import { after, before } from 'node:test';
import fc from 'fast-check';
import { answerProblems, fixtureSecrets, globexMarkers, leaks } from './answers.js';
import { issueCallers, validHeaders, type Callers } from './callers.js';
import { endpoints, exampleTarget, isWrite, type Endpoint, type TableName } from './endpoints.js';
import { Figures, fuzzSeed } from './figures.js';
import { startKefu, type RunningKefu, type StartOptions } from './kefu.js';
import { rawRequest, type RawAnswer, type RawRequest } from './raw-http.js';
import { allTables, snapshot } from './state.js';

/** A client gives up after this long: a slower answer counts as a hang. */
export const CLIENT_TIMEOUT_MS = 10_000;

export interface FuzzContext {
  kefu: RunningKefu;
  callers: Callers;
  figures: Figures;
  /** Every table of the server's database, read from its catalogue on first use. */
  tables?: TableName[];
  /**
   * Markers that a write this server accepted carried (a skill named like globex's owner): when a later answer holds
   * one, it is this tenant's own data, not a leak.
   */
  storedMarkers?: Set<string>;
}

/**
 * The server of one suite: started (and tenant tokens issued) before its tests, closed after them with its figures
 * printed. The fields are filled in by the time a test runs.
 */
export function suiteServer(dialect: 'sqlite' | 'postgres', title: string, options: StartOptions = {}): FuzzContext {
  const ctx = { figures: new Figures(`${title} ${dialect}`) } as FuzzContext;
  before(async () => {
    ctx.kefu = await startKefu(dialect, options);
    ctx.callers = await issueCallers(ctx.kefu.baseUrl);
  });
  after(async () => {
    ctx.figures.print();
    await ctx.kefu.close();
  });
  return ctx;
}

export function describeRequest(request: RawRequest): string {
  const headers = (request.headers ?? []).map(([n, v]) => `${n}: ${preview(String(v), 80)}`).join(' | ');
  return `${request.method} ${preview(String(request.target), 300)} [${headers}] body=${request.body === undefined ? '-' : preview(String(request.body), 300)}`;
}

function preview(text: string, max: number): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}… (${text.length} chars)` : JSON.stringify(text);
}

/**
 * Sends the request and throws, naming request and answer, when anything promised does not hold. `otherTenant` is the
 * data the caller must never see: globex's, unless the request is made with globex's own credentials.
 */
export async function checkHostileRequest(ctx: FuzzContext, e: Endpoint, request: RawRequest, otherTenant: readonly string[] = globexMarkers): Promise<RawAnswer> {
  const db = ctx.kefu.app.kefu.store.database.db;
  // Every table, not only those the endpoint writes: a refused call must not change a derived count either. The
  // list is read from the catalogue once per server (no fuzz case adds a table).
  const tables = e.writes.length > 0 ? (ctx.tables ??= await allTables(db)) : [];
  const before = e.writes.length > 0 ? await snapshot(db, tables) : undefined;
  let answer: RawAnswer;
  try {
    answer = await rawRequest(ctx.kefu.baseUrl, request, CLIENT_TIMEOUT_MS);
  } catch (error) {
    throw new Error(`no answer (${(error as Error).message}) to ${describeRequest(request)}`);
  }
  const requestText = `${request.target}\n${(request.headers ?? []).map(([, v]) => String(v)).join('\n')}\n${request.body ?? ''}`;
  const problems = answerProblems(e, answer);
  // The metrics are the operator's view of every tenant (each helpdesk's queue is named by its id): no tenant's
  // marker is foreign there, but a secret still never appears.
  const markers = e.plainText ? fixtureSecrets : [...otherTenant, ...fixtureSecrets];
  for (const leaked of leaks(answer.text, requestText, markers.filter((m) => !ctx.storedMarkers?.has(m)))) problems.push(`the answer holds ${JSON.stringify(leaked)}`);

  const accepted = answer.status >= 200 && answer.status < 300 && (e.access === 'probe' || answer.json?.code === 0);
  if (accepted && isWrite(e)) for (const m of markers) if (requestText.includes(m)) (ctx.storedMarkers ??= new Set()).add(m);
  ctx.figures.add('cases');
  ctx.figures.add(accepted ? 'accepted' : answer.status >= 400 && answer.status < 500 ? 'refused-4xx' : `other-${answer.status}`);
  if (before !== undefined && !accepted) {
    if ((await snapshot(db, tables)) !== before) problems.push('a refused write changed the database');
    ctx.figures.add('refused-writes-verified-unchanged');
  }
  if (accepted && isWrite(e) && e.access !== 'public') {
    problems.push(...(await readsStillWork(ctx, request, answer)));
    ctx.figures.add('accepted-writes-then-reads-checked');
  }
  if (problems.length > 0) {
    throw new Error(`${problems.join('; ')}\n  request: ${describeRequest(request)}\n  answer: ${answer.status} ${answer.text.slice(0, 600)}`);
  }
  return answer;
}

/**
 * After an accepted write, every parameterless read still answers 2xx, and so does the skill the write named or created
 * (its rules in full): nothing was stored that breaks a later read.
 */
async function readsStillWork(ctx: FuzzContext, request: RawRequest, answer: RawAnswer): Promise<string[]> {
  const problems: string[] = [];
  const get = async (read: Endpoint, target: string) => {
    const res = await rawRequest(ctx.kefu.baseUrl, { method: 'GET', target, headers: validHeaders(read, ctx.callers) }, CLIENT_TIMEOUT_MS);
    if (res.status !== (read.exampleStatus ?? 200)) problems.push(`after the write, GET ${target} answered ${res.status} ${res.text.slice(0, 200)}`);
  };
  for (const read of endpoints.filter((e) => e.access === 'read' && !e.example.params)) await get(read, exampleTarget(read));
  const oneSkill = endpoints.find((e) => e.method === 'GET' && e.path.endsWith('/agent_skills/:agent_skill_id'))!;
  const named = /\/agent_skills\/([^/?]+)/.exec(String(request.target))?.[1];
  const created = answer.json?.data?.agent_skill_id as string | undefined;
  const skillId = created ? encodeURIComponent(created) : named;
  if (skillId && request.method !== 'DELETE') await get(oneSkill, oneSkill.path.replace(':agent_skill_id', skillId));
  return problems;
}

/**
 * fast-check over an async property, with the suite's seed and run count. `examples` run first, every time, so the
 * rare shapes (a 100,000-deep body, a body past the limit) are never left to chance. A failure names the seed that
 * replays it (KEFU_FUZZ_SEED) and the request, not fast-check's dump of a megabyte-long counterexample.
 */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<unknown>, examples: T[] = []): Promise<void> {
  const seed = fuzzSeed();
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      await check(value);
    }),
    { numRuns: runs, examples: examples.map((e) => [e] as [T]), ...(seed === undefined ? {} : { seed }), endOnFailure: process.env.KEFU_FUZZ_SHRINK !== '1' },
  );
  if (result.failed) {
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`failed after ${result.numRuns} cases (replay: KEFU_FUZZ_SEED=${result.seed}): ${cause}`);
  }
}
