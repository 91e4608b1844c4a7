// The event outbox: each change's Feishu event, written in the change's transaction (src/events/).
import type { Insertable, Selectable } from 'kysely';
import type { EventOutboxTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type OutboxRow = Selectable<EventOutboxTable>;

export class EventOutboxRepository {
  /** Rows this instance added (Store.write hands them to its onEventsCommitted after the commit). */
  readonly added: OutboxRow[] = [];

  constructor(private readonly db: Executor) {}

  /** Answers the new row's seq. */
  async add(row: Insertable<EventOutboxTable> & Omit<OutboxRow, 'seq'>): Promise<number> {
    const added = await this.db.insertInto('event_outbox').values(row).returning('seq').executeTakeFirstOrThrow();
    const seq = Number(added.seq);
    this.added.push({ ...row, seq });
    return seq;
  }

  /** The event by its own event_id or by the header event_id an app received for it (event_deliveries). */
  async find(event_id: string): Promise<OutboxRow | undefined> {
    const delivered = this.db.selectFrom('event_deliveries').select('seq').where('event_id', '=', event_id);
    return this.db
      .selectFrom('event_outbox')
      .selectAll()
      .where((eb) => eb.or([eb('event_id', '=', event_id), eb('seq', 'in', delivered)]))
      .executeTakeFirst();
  }

  /** A helpdesk's events after `afterSeq`, in the order they happened. */
  async listByHelpdesk(helpdesk_id: string, afterSeq = 0, limit = 1000): Promise<OutboxRow[]> {
    const rows = await this.db.selectFrom('event_outbox').selectAll().where('helpdesk_id', '=', helpdesk_id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), create_time: Number(r.create_time) }));
  }
}
