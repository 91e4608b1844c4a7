// Deliveries: one row per outbox event and app. Claiming takes a lease with one UPDATE ... WHERE (and SKIP LOCKED
// on PostgreSQL), so any number of processes share the rows and a given attempt is made by one of them.
import { sql, type Selectable } from 'kysely';
import type { EventAttemptTable, EventDeliveryTable } from '../db/schema.js';
import type { OutboxRow } from './event-outbox-repository.js';
import type { Executor } from './executor.js';

export type DeliveryRow = Selectable<EventDeliveryTable>;
export type AttemptRow = Selectable<EventAttemptTable>;
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A claimed delivery with what its envelope is made of. */
export interface ClaimedDelivery extends DeliveryRow {
  outbox: OutboxRow;
}

/**
 * A mode whose deliveries only a process holding one of the app's connections may attempt (the long connection):
 * this process claims those of the apps it holds, and those of apps with no live connection anywhere (which fail).
 */
export interface HeldMode {
  mode: string;
  apps: string[];
  /** Connections whose heartbeat is past this (wall-clock ms) are gone. */
  aliveAfter: number;
}

export class EventDeliveriesRepository {
  /** Rows this instance queued (Store.write tells the dispatcher after the commit). */
  queued = 0;

  constructor(private readonly db: Executor) {}

  async add(rows: { event_id: string; seq: number; app_id: string; ticket_id: string | null; now: number }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('event_deliveries')
      .values(rows.map((r) => ({ event_id: r.event_id, seq: r.seq, app_id: r.app_id, ticket_id: r.ticket_id, status: 'pending', attempts: 0, next_attempt_at: r.now, lease_until: 0, last_attempt_at: null, last_outcome: null, delivered_at: null })))
      .execute();
    this.queued += rows.length;
  }

  /**
   * Leases up to `limit` due deliveries of apps in the given modes until `leaseUntil`. A first attempt waits while an
   * earlier event of the same ticket for the same app has not finished its first attempt, so a ticket's events are
   * first attempted in the order they happened. Apps in the `held` mode are claimed as HeldMode says.
   */
  async claim(now: number, leaseUntil: number, modes: string[], limit: number, postgres: boolean, held?: HeldMode): Promise<ClaimedDelivery[]> {
    let due = this.db
      .selectFrom('event_deliveries as d')
      .innerJoin('event_subscriptions as s', 's.app_id', 'd.app_id')
      .select('d.event_id')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('d.lease_until', '<=', now)
      .where((eb) => {
        const open = modes.length > 0 ? [eb('s.mode', 'in', modes)] : [];
        if (!held) return eb.or(open);
        const noneAlive = eb.not(
          eb.exists(eb.selectFrom('long_connections as c').select(sql.lit(1).as('one')).whereRef('c.app_id', '=', 'd.app_id').where('c.alive_until', '>', held.aliveAfter)),
        );
        const mine = held.apps.length > 0 ? [eb('d.app_id', 'in', held.apps), noneAlive] : [noneAlive];
        return eb.or([...open, eb.and([eb('s.mode', '=', held.mode), eb.or(mine)])]);
      })
      .where((eb) =>
        eb.or([
          eb('d.attempts', '>', 0),
          eb('d.ticket_id', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('event_deliveries as e')
                .select(sql.lit(1).as('one'))
                .whereRef('e.app_id', '=', 'd.app_id')
                .whereRef('e.ticket_id', '=', 'd.ticket_id')
                .whereRef('e.seq', '<', 'd.seq')
                .where('e.status', '=', 'pending')
                .where('e.attempts', '=', 0),
            ),
          ),
        ]),
      )
      .orderBy('d.seq')
      .limit(limit);
    if (postgres) due = due.forUpdate('d').skipLocked();
    const ids = (await due.execute()).map((r) => r.event_id);
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('event_deliveries')
      .set({ lease_until: leaseUntil })
      .where('event_id', 'in', ids)
      .where('lease_until', '<=', now)
      .returningAll()
      .execute();
    return this.withEvents(rows.map(numeric).sort((a, b) => a.seq - b.seq));
  }

  /** Records a finished attempt of a delivery this process leased (`leaseUntil` proves the lease is still its own). */
  async finish(event_id: string, leaseUntil: number, outcome: { status: DeliveryStatus; at: number; next_attempt_at: number; last_outcome: string }): Promise<void> {
    await this.db
      .updateTable('event_deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: outcome.next_attempt_at,
        lease_until: 0,
        last_attempt_at: outcome.at,
        last_outcome: outcome.last_outcome,
        delivered_at: outcome.status === 'delivered' ? outcome.at : null,
      }))
      .where('event_id', '=', event_id)
      .where('lease_until', '=', leaseUntil)
      .execute();
  }

  /** Keeps attempts' history rows (in the transaction that records their outcomes). */
  async recordAttempts(rows: AttemptRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('event_attempts').values(rows).execute();
  }

  /** The attempts of these deliveries, each delivery's oldest first. */
  async attemptsOf(event_ids: string[]): Promise<Map<string, AttemptRow[]>> {
    const byEvent = new Map<string, AttemptRow[]>(event_ids.map((id) => [id, []]));
    // Bound the IN list: SQLite allows 32,766 parameters, and the log answers at most 1,000 events.
    for (let i = 0; i < event_ids.length; i += 1000) {
      const rows = await this.db
        .selectFrom('event_attempts')
        .selectAll()
        .where('event_id', 'in', event_ids.slice(i, i + 1000))
        .orderBy('started_at')
        .orderBy('recorded_at')
        .execute();
      for (const r of rows) byEvent.get(r.event_id)!.push(numericAttempt(r));
    }
    return byEvent;
  }

  /** Attempts recorded at or after `since` (ms), oldest first: what `kefu events tail` polls. */
  async attemptsRecordedSince(since: number, limit: number): Promise<AttemptRow[]> {
    const rows = await this.db.selectFrom('event_attempts').selectAll().where('recorded_at', '>=', since).orderBy('recorded_at').orderBy('attempt_id').limit(limit).execute();
    return rows.map(numericAttempt);
  }

  /** The newest recorded_at, if any attempt was recorded. */
  async lastRecordedAt(): Promise<number | undefined> {
    const row = await this.db.selectFrom('event_attempts').select((eb) => eb.fn.max('recorded_at').as('at')).executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /** How many deliveries are pending, delivered and failed, over every app. */
  async counts(): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.db.selectFrom('event_deliveries').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
    const counts = { pending: 0, delivered: 0, failed: 0 };
    for (const r of rows) if (r.status in counts) counts[r.status as DeliveryStatus] = Number(r.n);
    return counts;
  }

  /** Every failed delivery made due now again (its attempts start over); answers their event_ids. */
  async redeliverFailed(now: number): Promise<string[]> {
    const rows = await this.db.updateTable('event_deliveries').set(dueAgain(now)).where('status', '=', 'failed').returning('event_id').execute();
    this.queued += rows.length;
    return rows.map((r) => r.event_id);
  }

  /** The apps that have a failed event, each once. */
  async appsWithFailures(): Promise<string[]> {
    const rows = await this.db.selectFrom('event_deliveries').select('app_id').distinct().where('status', '=', 'failed').execute();
    return rows.map((r) => r.app_id);
  }

  /** One app's deliveries, or every app's without one, oldest event first. */
  async list(app_id: string | undefined, status: DeliveryStatus | undefined, limit: number): Promise<ClaimedDelivery[]> {
    let q = this.db.selectFrom('event_deliveries').selectAll();
    if (app_id !== undefined) q = q.where('app_id', '=', app_id);
    if (status) q = q.where('status', '=', status);
    return this.withEvents((await q.orderBy('seq').limit(limit).execute()).map(numeric));
  }

  async find(event_id: string): Promise<ClaimedDelivery | undefined> {
    const row = await this.db.selectFrom('event_deliveries').selectAll().where('event_id', '=', event_id).executeTakeFirst();
    return row && (await this.withEvents([numeric(row)]))[0];
  }

  /** The deliveries, each with its outbox event, in the order given. */
  private async withEvents(rows: DeliveryRow[]): Promise<ClaimedDelivery[]> {
    if (rows.length === 0) return [];
    const outbox = await this.db.selectFrom('event_outbox').selectAll().where('seq', 'in', rows.map((r) => r.seq)).execute();
    const bySeq = new Map(outbox.map((o) => [Number(o.seq), { ...o, seq: Number(o.seq), create_time: Number(o.create_time) }]));
    return rows.map((r) => ({ ...r, outbox: bySeq.get(r.seq)! }));
  }

  /** Makes a delivery due now again, whatever its status; its attempts start over. */
  async redeliver(event_id: string, now: number): Promise<void> {
    await this.db.updateTable('event_deliveries').set(dueAgain(now)).where('event_id', '=', event_id).execute();
    this.queued += 1;
  }

  /** Whether any delivery was ever queued (a failed one may be redelivered by `kefu events redeliver`). */
  async any(): Promise<boolean> {
    return (await this.db.selectFrom('event_deliveries').select('event_id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** The earliest time a pending delivery falls due, if any. */
  async nextDue(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }
}

/**
 * Pending again with a new schedule, due at `now` or at its last attempt if earlier: `kefu events redeliver` runs on
 * the command's clock, which may be ahead of a server's frozen test clock, and the event must be due there too.
 */
function dueAgain(now: number) {
  return {
    status: 'pending',
    attempts: 0,
    next_attempt_at: sql<number>`case when next_attempt_at < ${now} then next_attempt_at else ${now} end`,
  };
}

/** PostgreSQL answers bigint columns as text. */
function numericAttempt(r: AttemptRow): AttemptRow {
  return { ...r, started_at: Number(r.started_at), recorded_at: Number(r.recorded_at), latency_ms: Number(r.latency_ms), http_status: r.http_status === null ? null : Number(r.http_status) };
}

function numeric(r: DeliveryRow): DeliveryRow {
  return {
    ...r,
    seq: Number(r.seq),
    next_attempt_at: Number(r.next_attempt_at),
    lease_until: Number(r.lease_until),
    last_attempt_at: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
    delivered_at: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}
