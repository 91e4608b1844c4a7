// The event outbox: each change's Feishu event, written in the change's transaction (src/events/).
import type { Insertable, Selectable } from 'kysely';
import type { EventOutboxTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type OutboxRow = Selectable<EventOutboxTable>;

export class EventOutboxRepository {
  constructor(private readonly db: Executor) {}

  async add(row: Insertable<EventOutboxTable>): Promise<void> {
    await this.db.insertInto('event_outbox').values(row).execute();
  }

  async find(event_id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('event_outbox').selectAll().where('event_id', '=', event_id).executeTakeFirst();
  }

  /** A helpdesk's events after `afterSeq`, in the order they happened. */
  async listByHelpdesk(helpdesk_id: string, afterSeq = 0, limit = 1000): Promise<OutboxRow[]> {
    const rows = await this.db.selectFrom('event_outbox').selectAll().where('helpdesk_id', '=', helpdesk_id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq), create_time: Number(r.create_time) }));
  }
}
