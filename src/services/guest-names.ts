// The guests a guest_name search matches, kept while the database has not changed: reading them from
// ticket_guest_grams cost about a tenth of a ms of an uncached search's SQLite time in the server
// (docs/benchmarks.md), and a client paging through a search, or moving its time range, asks for the same needle
// again and again. Kept beside the change stamp as TicketsService keeps people, so a new or renamed guest is seen by
// the next request; none on PostgreSQL, whose stamp is a round trip of its own.
import type { TicketFilter } from '../repositories/tickets-repository.js';
import type { Store } from './store.js';

/** Guest ids kept at most (keys count as one each), all dropped when there would be more. */
const MAX_KEPT_GUEST_IDS = 50_000;

export class GuestNames {
  private kept = new Map<string, readonly string[]>();
  private held = 0;
  private stamp: string | undefined;

  constructor(private readonly store: Store) {}

  /** The guests whose names contain filter.guest_name, or undefined when the repository is to read them itself. */
  async of(filter: TicketFilter): Promise<readonly string[] | undefined> {
    if (filter.guest_name === undefined) return undefined;
    const stamp = this.store.database.changeStamp?.();
    if (typeof stamp !== 'string') return undefined;
    // Read before loading, as the read cache does: ids loaded under an older stamp are dropped by the next request
    // that sees a newer one.
    if (stamp !== this.stamp) this.forget(stamp);
    const key = `${filter.helpdesk_id} ${filter.guest_name}`;
    const known = this.kept.get(key);
    if (known) return known;
    // This request's map throughout: another request may start a new one while this one waits for its rows.
    const kept = this.kept;
    const ids = await this.store.repos.tickets.guestsNamed(filter.helpdesk_id, filter.guest_name);
    if (kept === this.kept) {
      if (this.held + ids.length + 1 > MAX_KEPT_GUEST_IDS) this.forget(stamp);
      this.kept.set(key, ids);
      this.held += ids.length + 1;
    }
    return ids;
  }

  private forget(stamp: string): void {
    this.kept = new Map();
    this.held = 0;
    this.stamp = stamp;
  }
}
