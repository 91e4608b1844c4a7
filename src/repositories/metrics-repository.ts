// What the metrics read from the database, at scrape time only: never on a request's path.
import type { Executor } from './executor.js';

export class MetricsRepository {
  constructor(private readonly db: Executor) {}

  /** Events in the outbox. Nothing delivers them yet, so every event written is still waiting there. */
  async outboxDepth(): Promise<number> {
    const row = await this.db.selectFrom('event_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Queued tickets (status 3) of each helpdesk, every helpdesk named even with none: one count per helpdesk, each
   * an index range of tickets_by_status (helpdesk_id, status, ...), rather than one scan of the whole table.
   */
  async queuedByHelpdesk(): Promise<{ helpdesk_id: string; queued: number }[]> {
    const rows = await this.db
      .selectFrom('helpdesks as h')
      .select((eb) => [
        'h.helpdesk_id',
        eb
          .selectFrom('tickets as t')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('t.helpdesk_id', '=', 'h.helpdesk_id')
          .where('t.status', '=', 3)
          .as('queued'),
      ])
      .orderBy('h.helpdesk_id')
      .execute();
    return rows.map((r) => ({ helpdesk_id: r.helpdesk_id, queued: Number(r.queued ?? 0) }));
  }
}
