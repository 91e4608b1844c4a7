// kefu events: the operator's view of event delivery on a database (any running servers deliver; this only reads
// and marks): list deliveries by status, redeliver one or every failed one, and tail attempts as they are recorded.
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/connect.js';
import { systemClock } from '../platform/clock.js';
import type { AttemptRow, DeliveryStatus } from '../repositories/event-deliveries-repository.js';
import type { DeliveryItem } from '../schemas/events.js';
import { EventOperationsService } from '../services/event-operations-service.js';
import { Store } from '../services/store.js';
import { databaseFailure } from './startup-failure.js';
import { DEFAULT_DB, parseFlags, parseInteger, pick, UsageError } from './options.js';

export const eventsHelp = `kefu events list [--status pending|delivered|failed] [--app APP_ID] [--limit N] [--db TARGET]
                            event deliveries, oldest event first (default limit 1000): one line each with
                            event_id, app, status, attempts, event type, ticket and the last attempt's outcome
kefu events redeliver EVENT_ID | --all-failed [--db TARGET]
                            make the event (or every failed one) due again with a new retry schedule; a running
                            server on the database attempts it within a second
kefu events tail [--db TARGET] [--interval MS]
                            print each delivery attempt as it is recorded, one line each, until Ctrl-C`;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];
/** How far back each poll of `tail` looks again: an attempt recorded just before a later one may commit after it. */
const TAIL_OVERLAP_MS = 2_000;

export async function events(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(rest);
  if (sub === 'redeliver') return redeliver(rest);
  if (sub === 'tail') return tail(rest);
  throw new UsageError(`kefu events needs list, redeliver or tail (got ${JSON.stringify(sub ?? '')})\n\n${eventsHelp}`);
}

async function list(args: string[]): Promise<void> {
  const flags = parseFlags(args, { status: { type: 'string' }, app: { type: 'string' }, limit: { type: 'string' }, db: { type: 'string' } });
  const status = flags.status as DeliveryStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) throw new UsageError(`--status must be pending, delivered or failed (got ${JSON.stringify(status)})`);
  const limit = parseInteger(flags.limit ?? '1000', '--limit', 1, 1_000_000);
  await withOperations(flags.db, async (operations) => {
    const items = await operations.list(status, flags.app, limit);
    for (const item of items) process.stdout.write(`${deliveryLine(item)}\n`);
    process.stderr.write(`${items.length} event${items.length === 1 ? '' : 's'}${status ? ` ${status}` : ''}\n`);
  });
}

async function redeliver(args: string[]): Promise<void> {
  const { values: flags, positionals: ids } = parseWithIds(args);
  if (flags['all-failed'] === (ids.length > 0) || ids.length > 1) throw new UsageError('kefu events redeliver needs one EVENT_ID or --all-failed');
  await withOperations(flags.db, async (operations) => {
    if (flags['all-failed']) {
      const redelivered = await operations.redeliverAllFailed();
      for (const id of redelivered) process.stdout.write(`${id}\n`);
      process.stderr.write(`${redelivered.length} failed event${redelivered.length === 1 ? '' : 's'} made due again\n`);
      return;
    }
    const item = await operations.redeliver(ids[0]);
    if (!item) throw new UsageError(`no event ${ids[0]}`);
    process.stdout.write(`${deliveryLine(item)}\n`);
  });
}

async function tail(args: string[]): Promise<void> {
  const flags = parseFlags(args, { db: { type: 'string' }, interval: { type: 'string' } });
  const interval = parseInteger(flags.interval ?? '500', '--interval', 10, 60_000);
  await withOperations(flags.db, async (operations) => {
    // Only what is recorded from now on: attempts already there are remembered as seen.
    let cursor = (await operations.lastRecordedAt()) ?? 0;
    let seen = new Map((await operations.attemptsRecordedSince(cursor - TAIL_OVERLAP_MS, 100_000)).map((a) => [a.attempt_id, a.recorded_at]));
    let stopped = false;
    const stop = () => void (stopped = true);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stderr.write('watching delivery attempts (Ctrl-C to stop)\n');
    while (!stopped) {
      for (const a of await operations.attemptsRecordedSince(cursor - TAIL_OVERLAP_MS, 10_000)) {
        if (seen.has(a.attempt_id)) continue;
        seen.set(a.attempt_id, a.recorded_at);
        cursor = Math.max(cursor, a.recorded_at);
        process.stdout.write(`${attemptLine(a)}\n`);
      }
      // Forget what the next poll cannot see again.
      seen = new Map([...seen].filter(([, at]) => at >= cursor - TAIL_OVERLAP_MS));
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  });
}

async function withOperations(db: string | undefined, fn: (operations: EventOperationsService) => Promise<void>): Promise<void> {
  const target = pick(db, 'KEFU_DB', DEFAULT_DB)!;
  let database: Database;
  try {
    database = await openDatabase(target);
  } catch (e) {
    throw databaseFailure(e, target);
  }
  try {
    await fn(new EventOperationsService(new Store(database), systemClock));
  } finally {
    await database.close();
  }
}

function parseWithIds(args: string[]) {
  try {
    return parseArgs({ args, options: { 'all-failed': { type: 'boolean' }, db: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function deliveryLine(d: DeliveryItem): string {
  const when = d.status === 'pending' && d.next_attempt_at ? `next ${iso(Number(d.next_attempt_at))}` : d.delivered_at ? `at ${iso(Number(d.delivered_at))}` : '';
  return [d.event_id, d.app_id, d.status, `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`, d.event_type, d.ticket_id ? `ticket ${d.ticket_id}` : '-', d.last_outcome ?? '-', when]
    .filter((f) => f !== '')
    .join('  ');
}

function attemptLine(a: AttemptRow): string {
  const answer = a.http_status !== null ? `HTTP ${a.http_status}` : `${a.error}: ${a.detail}`;
  return `${iso(a.started_at)}  ${a.event_id}  ${a.app_id}  ${a.outcome}  ${answer}  ${a.latency_ms} ms`;
}

const iso = (ms: number) => new Date(ms).toISOString();
