// What operators do with deliveries (docs/events.md "Watching and redelivering"): list them with their attempt
// history, count them, redeliver one or every failed one, and read attempts as they are recorded. The Kefu API
// (per app, with the app's token) and the `kefu events` command (the whole database) both answer through it.
import type { AttemptRow, ClaimedDelivery, DeliveryStatus } from '../repositories/event-deliveries-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { AttemptItem, DeliveryItem } from '../schemas/events.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from './store.js';

export class EventOperationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Deliveries oldest event first, one app's or all, each with its attempt history. */
  async list(status: DeliveryStatus | undefined, app_id: string | undefined, limit: number): Promise<DeliveryItem[]> {
    return withHistory(this.store.repos, await this.store.repos.deliveries.list(app_id, status, limit));
  }

  /** The event with its attempt history; undefined when there is none (or it is not `app_id`'s, when one is given). */
  async find(event_id: string, app_id?: string, repos: Repositories = this.store.repos): Promise<DeliveryItem | undefined> {
    const found = await repos.deliveries.find(event_id);
    if (!found || (app_id !== undefined && found.app_id !== app_id)) return undefined;
    return (await withHistory(repos, [found]))[0];
  }

  /**
   * Makes the event due now again, whatever its status, its attempts counted anew; answers it after the change,
   * or undefined when there is no such event (or it is not `app_id`'s, when one is given).
   */
  async redeliver(event_id: string, app_id?: string): Promise<DeliveryItem | undefined> {
    return this.store.write(async (repos) => {
      const found = await repos.deliveries.find(event_id);
      if (!found || (app_id !== undefined && found.app_id !== app_id)) return undefined;
      await repos.deliveries.redeliver(event_id, this.clock.now());
      // A long-connection app's holder (perhaps another process) learns at commit that it has something to send.
      await repos.longConnections.notifyQueued([found.app_id]);
      return this.find(event_id, app_id, repos);
    });
  }

  /** Every failed event made due now again; answers their event_ids. */
  async redeliverAllFailed(): Promise<string[]> {
    return this.store.write(async (repos) => {
      await repos.longConnections.notifyQueued(await repos.deliveries.appsWithFailures());
      const event_ids = await repos.deliveries.redeliverFailed(this.clock.now());
      return event_ids;
    });
  }

  counts(): Promise<Record<DeliveryStatus, number>> {
    return this.store.repos.deliveries.counts();
  }

  attemptsRecordedSince(since: number, limit: number): Promise<AttemptRow[]> {
    return this.store.repos.deliveries.attemptsRecordedSince(since, limit);
  }

  lastRecordedAt(): Promise<number | undefined> {
    return this.store.repos.deliveries.lastRecordedAt();
  }
}

async function withHistory(repos: Repositories, deliveries: ClaimedDelivery[]): Promise<DeliveryItem[]> {
  const history = await repos.deliveries.attemptsOf(deliveries.map((d) => d.event_id));
  return deliveries.map((d) => deliveryItem(d, history.get(d.event_id) ?? []));
}

function deliveryItem(d: ClaimedDelivery, attempts: AttemptRow[]): DeliveryItem {
  const text = (n: number | null) => (n === null ? undefined : String(n));
  return {
    event_id: d.event_id,
    app_id: d.app_id,
    event_type: d.outbox.event_type,
    helpdesk_id: d.outbox.helpdesk_id,
    ...(d.ticket_id ? { ticket_id: d.ticket_id } : {}),
    create_time: String(d.outbox.create_time),
    status: d.status,
    attempts: d.attempts,
    ...(d.status === 'pending' ? { next_attempt_at: String(d.next_attempt_at) } : {}),
    ...(d.last_attempt_at !== null ? { last_attempt_at: text(d.last_attempt_at) } : {}),
    ...(d.last_outcome ? { last_outcome: d.last_outcome } : {}),
    ...(d.delivered_at !== null ? { delivered_at: text(d.delivered_at) } : {}),
    attempt_history: attempts.map(attemptItem),
  };
}

export function attemptItem(a: AttemptRow): AttemptItem {
  return {
    attempt_id: a.attempt_id,
    started_at: String(a.started_at),
    latency_ms: a.latency_ms,
    outcome: a.outcome as AttemptItem['outcome'],
    ...(a.http_status !== null ? { http_status: a.http_status } : {}),
    ...(a.error !== null ? { error: a.error as NonNullable<AttemptItem['error']> } : {}),
    detail: a.detail,
  };
}
