// What GET /tickets keeps between requests while the database has not changed: the people its pages name
// (TicketsService), the guests a name matches and sums of whole count buckets (the repository); docs/benchmarks.md
// measures each. Kept beside the change stamp as the read cache keeps answers, so the next request after any write,
// by this process or another, reads afresh; none on PostgreSQL, whose stamp is a round trip of its own.
import type { ListMemo } from '../repositories/tickets-repository.js';
import type { Store } from './store.js';

/** Sizes kept at most (a person, a guest id or a sum counts one, a key one), all dropped when there would be more. */
const MAX_KEPT = 50_000;

export class StampedMemo {
  private kept = new Map<string, unknown>();
  private held = 0;
  private stamp: string | undefined;

  constructor(private readonly store: Store) {}

  /** This request's memo, or undefined when the database has no stamp to keep it by. */
  view(): ListMemo | undefined {
    const stamp = this.store.database.changeStamp?.();
    if (typeof stamp !== 'string') return undefined;
    // Read before loading, as the read cache does: what is loaded under an older stamp is dropped by the next
    // request that sees a newer one.
    if (stamp !== this.stamp) this.forget(stamp);
    // This request's map throughout: another request may start a new one while this one waits for its rows.
    const kept = this.kept;
    return {
      get: (key) => kept.get(key),
      set: (key, value, size) => {
        if (kept !== this.kept) return;
        if (this.held + size + 1 > MAX_KEPT) this.forget(stamp);
        this.kept.set(key, value);
        this.held += size + 1;
      },
    };
  }

  private forget(stamp: string): void {
    this.kept = new Map();
    this.held = 0;
    this.stamp = stamp;
  }
}
