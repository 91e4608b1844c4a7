// Delivers queued events: claims due deliveries from the database with a lease (so several processes can run it),
// hands each to its app's channel, and records the outcome: delivered, or retried on Feishu's schedule, then failed.
// Inert until a delivery is queued or found pending: no timer, no query, no write.
import type { Clock } from '../platform/clock.js';
import type { AttemptRow, ClaimedDelivery, DeliveryStatus } from '../repositories/event-deliveries-repository.js';
import type { EventSubscription } from '../repositories/event-subscriptions-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Store } from '../services/store.js';
import { performance } from 'node:perf_hooks';
import { envelopeFor } from './envelope.js';
import { randomHex } from './ids.js';
import { FEISHU_RETRY_DELAYS_MS, nextAttemptAt } from './retry-schedule.js';
import type { AttemptResult, DeliveryChannel } from './webhook-channel.js';

export interface DispatcherOptions {
  retryDelaysMs?: readonly number[];
  /** How often an active dispatcher looks for due deliveries (retries, other processes' events). */
  pollMs?: number;
  /** How long a claimed attempt is this process's (a process killed mid-attempt frees it after this). */
  leaseMs?: number;
  batch?: number;
  /** Told of a failure to claim or record (the database away); the dispatcher tries again on its next poke. */
  onError?: (error: unknown) => void;
}

/** Deliveries leased until `leaseUntil` (the record proves the lease is still this process's with it). */
interface ClaimedBatch {
  deliveries: ClaimedDelivery[];
  leaseUntil: number;
}

/** A batch whose attempts finished, to be recorded. */
interface AttemptedBatch {
  outcomes: AttemptOutcome[];
  leaseUntil: number;
}

/** A finished attempt, to be recorded with the rest of its batch. */
interface AttemptOutcome {
  event_id: string;
  finish: { status: DeliveryStatus; at: number; next_attempt_at: number; last_outcome: string };
  attempt: AttemptRow;
}

export class EventDispatcher {
  private readonly channels: Map<string, DeliveryChannel>;
  private readonly retryDelays: readonly number[];
  private poll: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    channels: DeliveryChannel[],
    private readonly options: DispatcherOptions = {},
  ) {
    this.channels = new Map(channels.map((c) => [c.mode, c]));
    this.retryDelays = options.retryDelaysMs ?? FEISHU_RETRY_DELAYS_MS;
  }

  /**
   * At start: a database that has deliveries makes the dispatcher active: events left pending by an earlier run (a
   * restart, a crash), and failed ones that `kefu events redeliver` may make pending from another process.
   */
  async resume(): Promise<void> {
    // A database away at start must not stop the server starting (/readyz reports it): told, not thrown.
    const any = await this.store.repos.deliveries.any().catch((error: unknown) => void this.options.onError?.(error));
    if (any) this.poke();
  }

  /** Something may be due: run now (after a commit that queued deliveries, a redelivery, a clock move). */
  poke(): void {
    if (this.closed) return;
    if (!this.poll) this.poll = setInterval(() => this.poke(), this.options.pollMs ?? 1_000).unref();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Runs every delivery due now and waits for them. */
  async runDue(): Promise<void> {
    this.poke();
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      // A batch's outcomes are recorded in the transaction that claims the next batch: one write transaction per
      // batch instead of two (the claim and the record), which is what a batch costs most when events come one or
      // two at a time (docs/benchmarks.md, "Event delivery"). A ticket's next event is claimed after its previous
      // one's record in that same transaction, so per-ticket order holds as before.
      let unrecorded: AttemptedBatch | undefined;
      try {
        while (!this.closed) {
          const claimed = await this.claimNext(unrecorded);
          unrecorded = undefined;
          if (!claimed) break;
          unrecorded = await this.attemptAll(claimed);
        }
      } finally {
        // Closing, or the claim failed (its transaction, and the record in it, rolled back): recorded on their own.
        if (unrecorded) await this.store.write((repos) => record(repos, unrecorded!));
      }
    } while (this.again && !this.closed);
  }

  /** Records the last batch's outcomes, if any, and leases the next batch of due deliveries. */
  private async claimNext(unrecorded: AttemptedBatch | undefined): Promise<ClaimedBatch | undefined> {
    const now = this.clock.now();
    const leaseUntil = now + (this.options.leaseMs ?? 30_000);
    // A read first: claiming is a write transaction (on SQLite it takes the write lock and moves the read cache's
    // stamp), worth opening only when something is due, or when there are outcomes to record anyway.
    if (!unrecorded) {
      const due = await this.store.repos.deliveries.nextDue();
      if (due === undefined || due > now) return undefined;
    }
    const postgres = this.store.dialect === 'postgres';
    const open = [...this.channels.values()].filter((c) => !c.held).map((c) => c.mode);
    const heldChannel = [...this.channels.values()].find((c) => c.held);
    // Connections live in wall-clock time, whatever the API clock says (a frozen test clock included).
    const held = heldChannel && { mode: heldChannel.mode, apps: heldChannel.held!(), aliveAfter: Date.now() };
    const deliveries = await this.store.write(async (repos) => {
      if (unrecorded) await record(repos, unrecorded);
      return repos.deliveries.claim(now, leaseUntil, open, this.options.batch ?? 50, postgres, held);
    });
    return deliveries.length === 0 ? undefined : { deliveries, leaseUntil };
  }

  private async attemptAll({ deliveries, leaseUntil }: ClaimedBatch): Promise<AttemptedBatch> {
    const subscriptions = new Map<string, EventSubscription | undefined>();
    for (const d of deliveries) {
      if (!subscriptions.has(d.app_id)) subscriptions.set(d.app_id, await this.store.repos.eventSubscriptions.find(d.app_id));
    }
    return { outcomes: await Promise.all(deliveries.map((d) => this.attempt(d, subscriptions.get(d.app_id)))), leaseUntil };
  }

  private async attempt(d: ClaimedDelivery, subscription: EventSubscription | undefined): Promise<AttemptOutcome> {
    const channel = subscription && this.channels.get(subscription.mode);
    const started_at = this.clock.now();
    const sent = performance.now();
    const result: AttemptResult = subscription && channel
      ? await channel.deliver(subscription, envelopeFor(d.outbox, subscription, d.event_id))
      : { delivered: false, outcome: 'the app has no subscription in a mode this process delivers', error: 'not deliverable' };
    const latency_ms = Math.round(performance.now() - sent);
    const at = this.clock.now();
    const next = result.delivered ? undefined : nextAttemptAt(d.attempts + 1, at, this.retryDelays);
    const status = result.delivered ? 'delivered' : next === undefined ? 'failed' : 'pending';
    return {
      event_id: d.event_id,
      finish: { status, at, next_attempt_at: next ?? at, last_outcome: result.outcome },
      attempt: {
        attempt_id: randomHex(8), event_id: d.event_id, app_id: d.app_id, started_at, recorded_at: at, latency_ms,
        outcome: result.delivered ? 'delivered' : 'failed', http_status: result.http_status ?? null, error: result.error ?? null, detail: result.outcome,
      },
    };
  }
}

/**
 * Records a batch's outcomes and attempt history in the caller's transaction, all in one: a transaction per attempt
 * cost more than the attempts themselves at a thousand events a second (docs/benchmarks.md).
 */
async function record(repos: Repositories, { outcomes, leaseUntil }: AttemptedBatch): Promise<void> {
  for (const o of outcomes) await repos.deliveries.finish(o.event_id, leaseUntil, o.finish);
  // Kept even when the lease was lost (the attempt took longer than the lease): the receiver may have got it.
  await repos.deliveries.recordAttempts(outcomes.map((o) => o.attempt));
}
