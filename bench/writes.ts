// The write path's line in npm run bench: PATCH agent_skills and POST agent_schedules from many connections at once,
// each request valid and different from every other (a new skill name; a new agent with its own schedule), as the
// helpdesk's owner. There is no bare-server ratio: a write has no fixed answer to send. The figures compare
// with the reads of the same run and with earlier runs (requests/s, p50/p99, Kefu's CPU time per request).
import autocannon, { type Result } from 'autocannon';
import { mintTokens } from './lifecycle.js';
import { bench } from './world.js';

export interface WriteScenario {
  name: string;
  method: 'PATCH' | 'POST';
  /** The path and JSON body of the n-th request. */
  request: (n: number) => { path: string; body: unknown };
  /** Requests that put back what the first `sent` requests changed (PostgreSQL writes into the kept bench schema). */
  restore: (sent: number) => { method: string; path: string; body?: unknown }[];
  /** How many different requests it has (a run longer than they last would repeat them and be refused). */
  supply?: number;
}

const openId = (n: number) => `ou_${n.toString(16).padStart(32, '0')}`;
/** The bench world's guests: users of the tenant who are not agents, so POST agent_schedules may add each once. */
const guest = (n: number) => openId(10_000 + (n % bench.guests));
const skills = [
  { id: 'bench-billing', name: 'Billing' },
  { id: 'bench-network', name: 'Network' },
];

export const writeScenarios: WriteScenario[] = [
  {
    name: 'PATCH agent_skills',
    method: 'PATCH',
    request: (n) => {
      const skill = skills[n % skills.length];
      return { path: `/open-apis/helpdesk/v1/agent_skills/${skill.id}`, body: { agent_skill: { name: `${skill.name} ${n}` } } };
    },
    restore: () => skills.map((s) => ({ method: 'PATCH', path: `/open-apis/helpdesk/v1/agent_skills/${s.id}`, body: { agent_skill: { name: s.name } } })),
  },
  {
    // POST adds agents that are not yet in the helpdesk (an agent already there is refused): each request adds the
    // next guest as an agent with a schedule of its own, until the world's 20,000 guests are used up.
    name: 'POST agent_schedules',
    method: 'POST',
    request: (n) => {
      const start = `${String(Math.floor(n / 60) % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
      const schedule = [{ weekday: 9, start_time: start, end_time: '24:00' }];
      return { path: '/open-apis/helpdesk/v1/agent_schedules', body: { agent_schedules: [{ agent_id: guest(n), schedule }] } };
    },
    supply: bench.guests,
    // Removed agents may be added again by the next run's POSTs.
    restore: (sent) => Array.from({ length: Math.min(sent, bench.guests) }, (_, n) => ({ method: 'DELETE', path: `/open-apis/helpdesk/v1/agents/${guest(n)}/schedules` })),
  },
];

/** Headers of the helpdesk's owner (an admin), whose user token is written to the database Kefu serves. */
export async function ownerHeaders(dbTarget: string): Promise<Record<string, string>> {
  const owner = openId(1);
  const token = (await mintTokens(dbTarget, [owner])).get(owner)!;
  return {
    authorization: `Bearer ${token}`,
    'x-lark-helpdesk-authorization': `Bearer ${Buffer.from(`${bench.helpdesk_id}:${bench.helpdesk_token}`).toString('base64')}`,
    'content-type': 'application/json',
  };
}

/** The next request's number, per scenario: every request of a run, warm-up included, asks something new. */
const sent = new Map<string, number>();

/** Drives the scenario for `seconds`, or until `amount` requests have been sent. */
export function driveWrites(url: string, s: WriteScenario, length: { seconds: number } | { amount: number }, connections: number, headers: Record<string, string>): Promise<Result> {
  return autocannon({
    url,
    connections,
    ...('amount' in length ? { amount: length.amount } : { duration: length.seconds }),
    headers,
    requests: [
      {
        method: s.method,
        setupRequest: (req) => {
          const n = sent.get(s.name) ?? 0;
          sent.set(s.name, n + 1);
          const { path, body } = s.request(n);
          return { ...req, path, method: s.method, body: JSON.stringify(body) };
        },
        // Every answer is checked: a write answered with a code other than 0 counts as an error.
        onResponse: (status, body) => {
          if (status !== 200 || JSON.parse(body).code !== 0) failures++;
        },
      },
    ],
  });
}

/** Requests of a scenario sent so far, warm-up included. */
export const sentOf = (s: WriteScenario): number => sent.get(s.name) ?? 0;

/** Answers with a status other than 200 or a code other than 0, since start. */
export let failures = 0;

/** Puts back what a scenario changed, 16 requests at a time. */
export async function restoreWrites(url: string, s: WriteScenario, headers: Record<string, string>): Promise<void> {
  const pending = s.restore(sent.get(s.name) ?? 0);
  const worker = async () => {
    for (let r = pending.shift(); r; r = pending.shift()) {
      const res = await fetch(url + r.path, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
      const answer = (await res.json()) as { code: number; msg: string };
      if (answer.code !== 0) throw new Error(`${s.name}: putting back the bench world failed: ${answer.msg}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
