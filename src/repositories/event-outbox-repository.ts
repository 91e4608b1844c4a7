// The event outbox: each change's Feishu event, written in the change's transaction (src/events/).
import type { Insertable, Selectable } from 'kysely';
import type { EventOutboxTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';

export type OutboxRow = Selectable<EventOutboxTable>;

/** Every change adds one: compiled once (prepared.ts). */
const addRow = prepared<Omit<OutboxRow, 'seq'>, { seq: number }>((db, v) =>
  db
    .insertInto('event_outbox')
    .values({ event_id: v.event_id, event_type: v.event_type, tenant_key: v.tenant_key, helpdesk_id: v.helpdesk_id, ticket_id: v.ticket_id, create_time: v.create_time, event: v.event })
    .returning('seq'),
);

export class EventOutboxRepository {
  /** Rows this instance added (Store.write hands them to its onEventsCommitted after the commit). */
  readonly added: OutboxRow[] = [];

  constructor(private readonly db: Executor) {}

  /** Answers the new row's seq. */
  async add(row: Insertable<EventOutboxTable> & Omit<OutboxRow, 'seq'>): Promise<number> {
    const [added] = await addRow.execute(this.db, row);
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
