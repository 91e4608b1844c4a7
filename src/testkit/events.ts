// The events a test server captured: every event any change wrote, as the v2 envelope an app receives, taken from
// the outbox rows of each transaction the moment it commits (Store.onEventsCommitted). So an event is here before
// the answer of the request that caused it is sent, and a refused request, which commits nothing, adds none.
import { envelopeFor, type EventEnvelope } from '../events/envelope.js';
import type { OutboxRow } from '../repositories/event-outbox-repository.js';

/** Which event `next` waits for: an event type (`helpdesk.ticket_message.created_v1`), a test, or any event. */
export type EventFilter = string | ((envelope: EventEnvelope) => boolean) | undefined;

/** The app an envelope is addressed to: the first app of the event's tenant, and its verification token. */
export type AddressOf = (tenant_key: string) => { app_id: string; verification_token: string };

export const DEFAULT_NEXT_TIMEOUT_MS = 5000;

interface Waiter {
  matches: (e: EventEnvelope) => boolean;
  resolve: (e: EventEnvelope) => void;
}

export class CapturedEvents {
  private captured: EventEnvelope[] = [];
  /** Envelopes `next` has answered: it never answers one twice. */
  private answered = new Set<EventEnvelope>();
  private waiters: Waiter[] = [];

  constructor(private readonly addressOf: AddressOf) {}

  /** Store.onEventsCommitted: adds a committed transaction's events, in the order they were written. */
  readonly add = (rows: OutboxRow[]): void => {
    for (const row of rows) {
      const envelope = envelopeFor(row, this.addressOf(row.tenant_key));
      this.captured.push(envelope);
      const waiter = this.waiters.find((w) => w.matches(envelope));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        this.answered.add(envelope);
        waiter.resolve(envelope);
      }
    }
  };

  /** Every event captured since the start or the last clear(), oldest first. */
  all(): EventEnvelope[] {
    return [...this.captured];
  }

  /**
   * The first captured event that matches and that `next` has not answered yet, earlier ones included; when there
   * is none, the next one to arrive. Rejects after `timeoutMs` naming what was captured.
   */
  next(filter?: EventFilter, timeoutMs = DEFAULT_NEXT_TIMEOUT_MS): Promise<EventEnvelope> {
    const matches = matcher(filter);
    const found = this.captured.find((e) => !this.answered.has(e) && matches(e));
    if (found) {
      this.answered.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no event ${describe(filter)} within ${timeoutMs} ms; captured: ${this.summary()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Forgets every captured event (waiting `next` calls go on waiting). */
  clear(): void {
    this.captured = [];
    this.answered = new Set();
  }

  private summary(): string {
    if (this.captured.length === 0) return 'none';
    return this.captured.map((e) => `${e.header.event_type}${this.answered.has(e) ? ' (answered)' : ''}`).join(', ');
  }
}

function matcher(filter: EventFilter): (e: EventEnvelope) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  return (e) => e.header.event_type === filter;
}

function describe(filter: EventFilter): string {
  if (filter === undefined) return 'at all';
  if (typeof filter === 'function') return 'matching the filter';
  return JSON.stringify(filter);
}
