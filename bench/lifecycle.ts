// npm run bench -- --only lifecycle: simulated guests and agents living whole tickets over HTTP, `concurrency` lives
// at a time: the guest asks for a human, writes, an agent answers, marks it pending and back, the guest writes again
// and closes with a rating. Prints lives/s, requests/s and p50/p99 per step. It writes tickets, so on SQLite it runs
// on a copy of the cached database; on PostgreSQL it changes the bench schema (the next GET benchmark rebuilds nothing:
// run the lifecycle last, or with --tickets of its own).
import { AuthService } from '../src/services/auth-service.js';
import { Store } from '../src/services/store.js';
import { openDatabase } from '../src/db/connect.js';
import { systemClock } from '../src/platform/clock.js';
import { bench } from './world.js';

export interface LifecycleOptions {
  lives: number;
  concurrency: number;
  /** The server's CPU time so far, in ms (read before and after the lives, not the token minting). */
  serverCpuMs?: () => number;
}

export interface LifecycleReport {
  lives: number;
  concurrency: number;
  seconds: number;
  livesPerSecond: number;
  requestsPerSecond: number;
  errors: number;
  /** The server's CPU time per request over the lives: the steady figure on a shared machine. */
  serverCpuMsPerRequest: number;
  steps: { step: string; p50: number; p99: number }[];
}

const STEPS = ['start', 'guest message', 'agent reply', 'PUT pending', 'PUT processing', 'guest message 2', 'close'] as const;

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);

/** User tokens for the guests and agents of the lives, written to the database Kefu serves (it reads unknown tokens there). */
export async function mintTokens(dbTarget: string, open_ids: string[]): Promise<Map<string, string>> {
  const database = await openDatabase(dbTarget);
  try {
    const auth = new AuthService(new Store(database), systemClock);
    const tokens = new Map<string, string>();
    for (const open_id of open_ids) tokens.set(open_id, (await auth.registerUserToken({ app_id: bench.app_id, open_id })).token);
    return tokens;
  } finally {
    await database.close();
  }
}

export async function runLifecycle(kefuUrl: string, dbTarget: string, options: LifecycleOptions): Promise<LifecycleReport> {
  const openId = (n: number) => `ou_${n.toString(16).padStart(32, '0')}`;
  const guests = Array.from({ length: options.lives }, (_, i) => openId(10_000 + (i % bench.guests)));
  const agents = Array.from({ length: bench.agents }, (_, i) => openId(100 + i));
  const tokens = await mintTokens(dbTarget, [...new Set([...guests, ...agents])]);
  const helpdeskHeader = `Bearer ${Buffer.from(`${bench.helpdesk_id}:${bench.helpdesk_token}`).toString('base64')}`;
  const timings = new Map<string, number[]>(STEPS.map((s) => [s, []]));
  let errors = 0;
  let requests = 0;

  const call = async (step: (typeof STEPS)[number], method: string, path: string, token: string, body: unknown, helpdesk = false): Promise<any> => {
    const started = performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (helpdesk) headers['x-lark-helpdesk-authorization'] = helpdeskHeader;
    const res = await fetch(kefuUrl + path, { method, headers, body: JSON.stringify(body) });
    const answer = (await res.json()) as { code: number; data: any };
    timings.get(step)!.push(performance.now() - started);
    requests++;
    if (answer.code !== 0) errors++;
    return answer.data;
  };
  const say = (text: string) => ({ msg_type: 'text', content: JSON.stringify({ text }) });

  const live = async (i: number) => {
    const guest = tokens.get(guests[i])!;
    const agent = tokens.get(agents[i % agents.length])!;
    const { chat_id, ticket_id } = await call('start', 'POST', `/kefu/v1/helpdesks/${bench.helpdesk_id}/chats`, guest, { human_service: true });
    if (!chat_id) return;
    await call('guest message', 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('My invoice is wrong'));
    await call('agent reply', 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, agent, say('Let me check'), true);
    await call('PUT pending', 'PUT', `/open-apis/helpdesk/v1/tickets/${ticket_id}`, agent, { status: 4 }, true);
    await call('PUT processing', 'PUT', `/open-apis/helpdesk/v1/tickets/${ticket_id}`, agent, { status: 2 }, true);
    await call('guest message 2', 'POST', `/kefu/v1/chats/${chat_id}/messages`, guest, say('Thanks, it is right now'));
    await call('close', 'POST', `/kefu/v1/chats/${chat_id}/close`, guest, { score: 3 });
  };

  const cpuBefore = options.serverCpuMs?.() ?? 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.lives) await live(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMs = (options.serverCpuMs?.() ?? 0) - cpuBefore;
  return {
    lives: options.lives,
    concurrency: options.concurrency,
    seconds,
    livesPerSecond: options.lives / seconds,
    requestsPerSecond: requests / seconds,
    errors,
    serverCpuMsPerRequest: serverCpuMs / Math.max(1, requests),
    steps: STEPS.map((step) => {
      const sorted = [...timings.get(step)!].sort((a, b) => a - b);
      return { step, p50: Math.round(percentile(sorted, 0.5)), p99: Math.round(percentile(sorted, 0.99)) };
    }),
  };
}
