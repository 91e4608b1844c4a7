// Crash safety: concurrent writers against a `kefu serve` child process, which is killed with SIGKILL mid-flight and
// restarted on the same database, several times. Every write that was answered with code 0 must be there afterwards,
// exactly as answered, and the database must open cleanly right after each kill (SQLite in WAL mode: integrity_check;
// PostgreSQL: migrations and reads). A write whose answer was lost with the process may or may not be there; both are fine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../src/db/connect.js';
import { repositories } from '../../src/repositories/index.js';
import { acmeHelpdeskHeader } from '../support/callers.js';
import { serveKefu, type ServingKefu } from '../support/child.js';
import { emptySchema } from '../support/pg-schema.js';
import { Figures } from '../support/figures.js';
import { acme, describeEachDatabase, exampleFixture } from '../support/kefu.js';

const KILLS = 3;
const WRITERS = 8;
const EXTRA_USERS = 400;
const helpdeskId = acme.helpdesk.helpDeskId;
const extraUser = (i: number) => `ou_c${i.toString(16).padStart(31, '0')}`;
const writerSkill = (w: number) => `crash-skill-${w}`;

/** The example world plus users who can become agents and one skill per writer to rename. */
function crashFixture() {
  const fixture = structuredClone(exampleFixture) as any;
  const tenant = fixture.tenants.find((t: any) => t.tenant_key === 'acme');
  for (let i = 0; i < EXTRA_USERS; i++) tenant.users.push({ open_id: extraUser(i), name: `Crash User ${i}`, email: `crash${i}@acme.example` });
  const helpdesk = tenant.helpdesks[0];
  for (let w = 0; w < WRITERS; w++) helpdesk.skills.push({ id: writerSkill(w), name: `${writerSkill(w)} v0`, rules: [], agent_ids: [] });
  return fixture;
}

/** What the clients were told: each acknowledged write, and the renames in flight when the process died. */
interface Ledger {
  createdSkills: Map<string, string>;
  scheduledAgents: Map<string, { weekday: number; start_time: string; end_time: string }[]>;
  /** Per writer skill: the last acknowledged version, and the highest version ever sent. */
  renames: Map<string, { acked: number; sent: number }>;
}

describeEachDatabase('crash safety: SIGKILL mid-flight, restart, nothing acknowledged is lost', (dialect) => {
  const figures = new Figures(`crash-safety ${dialect}`);
  let dir: string;
  let dbUrl: string;
  let dropSchema: (() => Promise<void>) | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-crash-'));
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify(crashFixture()));
    if (dialect === 'sqlite') dbUrl = join(dir, 'kefu.db');
    else {
      const empty = await emptySchema('kefu_crash');
      dbUrl = empty.url;
      dropSchema = empty.drop;
    }
  });
  after(async () => {
    figures.print();
    await dropSchema?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${KILLS} SIGKILLs under ${WRITERS} concurrent writers: every acknowledged write survives`, async () => {
    const ledger: Ledger = { createdSkills: new Map(), scheduledAgents: new Map(), renames: new Map() };
    /** Each acknowledged write found missing after any restart, once however many restarts miss it. */
    const lost = new Map<string, string>();
    let nextUser = 0;
    let kefu = await serveKefu(['--db', dbUrl, '--fixture', join(dir, 'fixture.json'), '--rate-limit', 'off', '--log-level', 'warn']);
    for (let round = 1; round <= KILLS; round++) {
      const killAfter = 40 + Math.floor(Math.random() * 80);
      let acks = 0;
      let killed = false;
      const killing = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (acks < killAfter) return;
          clearInterval(check);
          killed = true;
          kefu.child.kill('SIGKILL');
          resolve();
        }, 5);
      });
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const outcome = await oneWrite(kefu.baseUrl, w, round, i, ledger, () => extraUser(nextUser++));
          if (outcome === 'acked') acks++;
          else if (outcome === 'lost') figures.add('answers-lost-with-the-process');
          else if (outcome === 'refused') throw new Error('a valid write was refused');
          if (outcome === 'lost') return;
        }
      };
      await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), killing]);
      await kefu.stop();
      figures.add('sigkills');
      // Straight after the kill, before any server touches it again.
      await opensCleanly(dialect, dbUrl);
      kefu = await serveKefu(['--db', dbUrl, '--rate-limit', 'off', '--log-level', 'warn']);
      figures.add('restarts');
      const { checked, missing } = await verify(kefu.baseUrl, ledger);
      figures.add('write-checks-after-restarts', checked);
      for (const [write, found] of missing) if (!lost.has(write)) lost.set(write, `after kill ${round}: ${found}`);
    }
    await kefu.stop('SIGTERM');
    figures.add('acknowledged-writes', ledger.createdSkills.size + ledger.scheduledAgents.size + [...ledger.renames.values()].reduce((n, r) => n + r.acked, 0));
    // Counted, not assumed: the acknowledged writes a restarted server did not have.
    figures.add('lost-acknowledged-writes', lost.size);
    assert.deepEqual([...lost.values()], [], `${lost.size} acknowledged writes were lost`);
  });
});

type Outcome = 'acked' | 'lost' | 'refused';

/** One write of a writer's rotation: create a skill, rename the writer's own skill, or schedule a new agent. */
async function oneWrite(baseUrl: string, w: number, round: number, i: number, ledger: Ledger, newUser: () => string): Promise<Outcome> {
  const kind = i % 3;
  try {
    if (kind === 0) {
      const name = `crash r${round} w${w} #${i}`;
      const body = await call(baseUrl, 'POST', '/open-apis/helpdesk/v1/agent_skills', { name });
      if (body.code !== 0) return 'refused';
      ledger.createdSkills.set(body.data.agent_skill_id, name);
    } else if (kind === 1) {
      const skill = writerSkill(w);
      const entry = ledger.renames.get(skill) ?? { acked: 0, sent: 0 };
      ledger.renames.set(skill, entry);
      const version = entry.sent + 1;
      entry.sent = version;
      const body = await call(baseUrl, 'PATCH', `/open-apis/helpdesk/v1/agent_skills/${skill}`, { agent_skill: { name: `${skill} v${version}` } });
      if (body.code !== 0) return 'refused';
      entry.acked = version;
    } else {
      const agent = newUser();
      const schedule = [{ weekday: 1 + (i % 7), start_time: `0${i % 10}:00`, end_time: '18:30' }];
      const body = await call(baseUrl, 'POST', '/open-apis/helpdesk/v1/agent_schedules', { agent_schedules: [{ agent_id: agent, schedule }] });
      if (body.code !== 0) return 'refused';
      ledger.scheduledAgents.set(agent, schedule);
    }
    return 'acked';
  } catch {
    // The connection died with the process: this write's fate is unknown, and either way is fine.
    return 'lost';
  }
}

async function call(baseUrl: string, method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${acme.ownerToken}`, 'x-lark-helpdesk-authorization': acmeHelpdeskHeader },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const json = await res.json();
  if (res.status >= 500) throw new Error(`answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Reads everything back through the restarted server: how many acknowledged writes it checked, and each one missing. */
async function verify(baseUrl: string, ledger: Ledger): Promise<{ checked: number; missing: Map<string, string> }> {
  const headers = { authorization: `Bearer ${acme.ownerToken}`, 'x-lark-helpdesk-authorization': acmeHelpdeskHeader };
  const skills = (await (await fetch(`${baseUrl}/open-apis/helpdesk/v1/agent_skills`, { headers })).json()).data.agent_skills as { id: string; name: string }[];
  const names = new Map(skills.map((s) => [s.id, s.name]));
  /** Keyed by the acknowledged write (a rename by its version), valued by what was found instead. */
  const missing = new Map<string, string>();
  for (const [id, name] of ledger.createdSkills) {
    if (names.get(id) !== name) missing.set(`create ${id}`, `skill ${id} (${name}) is ${JSON.stringify(names.get(id))}`);
  }
  for (const [skill, { acked, sent }] of ledger.renames) {
    const version = Number(/ v(\d+)$/.exec(names.get(skill) ?? '')?.[1]);
    // The last acknowledged rename, or a later one that committed before its answer was lost.
    if (!(version >= acked && version <= sent)) missing.set(`rename ${skill} v${acked}`, `${skill} is at v${version}; acknowledged v${acked}, sent up to v${sent}`);
  }
  for (const [agent, schedule] of ledger.scheduledAgents) {
    const res = await (await fetch(`${baseUrl}/open-apis/helpdesk/v1/agents/${agent}/schedules`, { headers })).json();
    if (res.code === 0 && isDeepStrictEqual(res.data.agent_schedule.schedule, schedule)) continue;
    const found = res.code === 0 ? JSON.stringify(res.data.agent_schedule.schedule) : `code ${res.code}`;
    missing.set(`schedule ${agent}`, `agent ${agent} has ${found}, acknowledged ${JSON.stringify(schedule)}`);
  }
  return { checked: ledger.createdSkills.size + ledger.renames.size + ledger.scheduledAgents.size, missing };
}

/** After a kill: the SQLite file passes its integrity check and is still in WAL mode; both databases migrate and read. */
async function opensCleanly(dialect: 'sqlite' | 'postgres', url: string): Promise<void> {
  if (dialect === 'sqlite') {
    const sqlite = new SQLite(url);
    try {
      assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      sqlite.close();
    }
  }
  // What is in it is verify()'s to count; here it must only migrate and answer a read.
  const database = await openDatabase(url);
  try {
    const skills = await repositories(database.db).skills.listByHelpdesk(helpdeskId);
    assert.ok(skills.some((s) => s.is_default), 'the helpdesk reads back with its default skill');
  } finally {
    await database.close();
  }
}
