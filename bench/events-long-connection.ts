// npm run bench -- --only events-long-connection [--db sqlite|postgres] [--chats N] [--messages N]: events pushed
// over the long connection, from the guest's write to the official SDK's WSClient handler. A `kefu serve` process
// on the benchmark world (fresh database) and, in this process, `chats` guests each writing `messages` messages
// one after another, with a WSClient subscribed to ticket_message.created_v1. Prints sustained events/s (every
// event the handler got, over the time from the first write to the last receipt) and p50/p99 from a write's
// request being sent to its event reaching the handler: an upper bound of commit-to-receipt, since the commit
// happens inside that request.
import * as lark from '@larksuiteoapi/node-sdk';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.js';
import { systemClock } from '../src/platform/clock.js';
import { AuthService } from '../src/services/auth-service.js';
import { Store } from '../src/services/store.js';
import { root } from './database.js';
import { bench, benchWorld } from './world.js';

export interface LongConnectionBenchOptions {
  chats: number;
  messages: number;
  /** A PostgreSQL URL (a database or schema of its own, emptied by the caller), else a fresh SQLite file. */
  postgres?: string;
}

export interface LongConnectionBenchReport {
  events: number;
  writes: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);

export async function runEventsLongConnection(options: LongConnectionBenchOptions): Promise<LongConnectionBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-ws-'));
  const db = options.postgres ?? join(dir, 'kefu.db');
  const fixture = join(dir, 'world.json');
  writeFileSync(fixture, JSON.stringify(benchWorld()));
  const kefu = spawn(process.execPath, ['bin/kefu.js', 'serve', '--db', db, '--fixture', fixture, '--port', '0', '--rate-limit', 'off', '--token-failures-per-app', 'off', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let ws: lark.WSClient | undefined;
  try {
    const baseUrl = await listening(kefu);
    const call = async (method: string, path: string, token: string, body: unknown, helpdesk = false) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (helpdesk) headers['x-lark-helpdesk-authorization'] = `Bearer ${Buffer.from(`${bench.helpdesk_id}:${bench.helpdesk_token}`).toString('base64')}`;
      const res = await fetch(baseUrl + path, { method, headers, body: JSON.stringify(body) });
      return (await res.json()) as { code: number; data: any; tenant_access_token?: string };
    };
    const tenant = (await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', '', { app_id: bench.app_id, app_secret: bench.app_secret })).tenant_access_token!;
    await call('PUT', `/kefu/v1/apps/${bench.app_id}/event_subscription`, tenant, { mode: 'long_connection', verification_token: 'bench', event_types: ['helpdesk.ticket_message.created_v1'] });
    await call('POST', '/open-apis/helpdesk/v1/events/subscribe', tenant, { events: [{ type: 'helpdesk.ticket_message', subtype: 'ticket_message.created_v1' }] }, true);

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let received = 0;
    let lastReceipt = 0;
    const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined };
    const dispatcher = new lark.EventDispatcher({ logger: quiet }).register({
      'helpdesk.ticket_message.created_v1': async (data: { text?: string }) => {
        const now = performance.now();
        received++;
        lastReceipt = now;
        const sent = sentAt.get(data.text ?? '');
        if (sent !== undefined) latencies.push(now - sent);
      },
    } as any);
    let ready = () => {};
    const connected = new Promise<void>((resolve) => (ready = resolve));
    ws = new lark.WSClient({ appId: bench.app_id, appSecret: bench.app_secret, domain: baseUrl, logger: quiet, onReady: () => ready() } as any);
    void ws.start({ eventDispatcher: dispatcher });
    await connected;

    const tokens = await guestTokens(db, options.chats);
    let errors = 0;
    const started = performance.now();
    await Promise.all(tokens.map(async (token, c) => {
      const chat = await call('POST', `/kefu/v1/helpdesks/${bench.helpdesk_id}/chats`, token, {});
      for (let m = 0; m < options.messages; m++) {
        const text = `bench ${c}.${m}`;
        sentAt.set(text, performance.now());
        const answer = await call('POST', `/kefu/v1/chats/${chat.data.chat_id}/messages`, token, { msg_type: 'text', content: JSON.stringify({ text }) });
        if (answer.code !== 0) errors++;
      }
    }));
    const writes = options.chats * options.messages;
    // Wait for the pushes still under way (at most a minute).
    for (let i = 0; i < 600 && latencies.length < writes - errors; i++) await new Promise((r) => setTimeout(r, 100));
    const seconds = (lastReceipt - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return { events: received, writes, seconds, eventsPerSecond: received / seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), errors: errors + (writes - errors - latencies.length) };
  } finally {
    ws?.close({ force: true });
    kefu.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Guests' user tokens, written to the database Kefu serves (it reads a token it does not know there). */
async function guestTokens(db: string, count: number): Promise<string[]> {
  const database = await openDatabase(db);
  try {
    const auth = new AuthService(new Store(database), systemClock);
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push((await auth.registerUserToken({ app_id: bench.app_id, open_id: `ou_${(10_000 + i).toString(16).padStart(32, '0')}` })).token);
    return tokens;
  } finally {
    await database.close();
  }
}

function listening(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kefu serve did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /kefu listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`kefu serve exited with ${code}:\n${out}`)));
  });
}

/** The command line: npm run bench -- --only events-long-connection [--chats N] [--messages N] [--pg URL]. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: false, options: { chats: { type: 'string', default: '16' }, messages: { type: 'string', default: '25' }, pg: { type: 'string' } } });
  const report = await runEventsLongConnection({ chats: Number(values.chats), messages: Number(values.messages), postgres: values.pg as string | undefined });
  process.stdout.write(
    `events over the long connection (${values.pg ? 'postgres' : 'sqlite'}): ${report.events} events from ${report.writes} writes in ${report.seconds.toFixed(2)} s: ` +
      `${report.eventsPerSecond.toFixed(1)} events/s; write to handler p50 ${report.p50Ms.toFixed(1)} ms, p99 ${report.p99Ms.toFixed(1)} ms; ${report.errors} errors\n`,
  );
}

// Run directly: node bin/run-ts.js bench/events-long-connection.ts [--chats N] [--messages N] [--pg URL]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
