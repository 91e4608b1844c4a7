// Messages of chats and tickets.
import type { Insertable, Selectable } from 'kysely';
import type { MessageTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';

export type MessageRow = Selectable<MessageTable>;

/** A message of the write path, compiled once (prepared.ts): every column named, so every call has the same shape. */
const insertMessage = prepared<Selectable<MessageTable>, never>((db, v) =>
  db.insertInto('messages').values({
    ticket_message_id: v.ticket_message_id, message_id: v.message_id, event_id: v.event_id, helpdesk_id: v.helpdesk_id, chat_id: v.chat_id,
    ticket_id: v.ticket_id, position: v.position, sender_type: v.sender_type, sender_id: v.sender_id, msg_type: v.msg_type, content: v.content,
    text: v.text, created_at: v.created_at,
  }),
);

export class MessagesRepository {
  constructor(private readonly db: Executor) {}

  async insert(message: Selectable<MessageTable>): Promise<void> {
    await insertMessage.execute(this.db, message);
  }

  /** Many messages in a few statements (a notification's cards): 14 values a row, under every bound-parameter limit. */
  async insertMany(messages: readonly Insertable<MessageTable>[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 1000) await this.db.insertInto('messages').values(messages.slice(i, i + 1000)).execute();
  }

  /** One page of a ticket's messages, oldest first, and how many match. `from`/`to` are inclusive ms. */
  async listByTicket(ticket_id: string, range: { from?: number; to?: number }, offset: number, limit: number): Promise<{ total: number; rows: MessageRow[] }> {
    let q = this.db.selectFrom('messages').where('ticket_id', '=', ticket_id);
    if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
    if (range.to !== undefined) q = q.where('created_at', '<=', range.to);
    const { n } = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('position').orderBy('ticket_message_id').offset(offset).limit(limit).execute();
    return { total: Number(n), rows };
  }

  /**
   * A chat's messages, oldest first. Within one millisecond (a frozen test clock makes that common) a ticket's
   * messages keep their order by position; ticket_message_id is random and orders nothing.
   */
  async listByChat(chat_id: string, offset: number, limit: number): Promise<{ total: number; rows: MessageRow[] }> {
    const q = this.db.selectFrom('messages').where('chat_id', '=', chat_id);
    const { n } = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('created_at').orderBy('position').orderBy('ticket_message_id').offset(offset).limit(limit).execute();
    return { total: Number(n), rows };
  }

  async findByEventId(event_id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('event_id', '=', event_id).executeTakeFirst();
  }

  /** Takes messages back (a recalled notification): they leave the chats they were in. */
  async deleteByMessageIds(message_ids: readonly string[]): Promise<void> {
    for (let i = 0; i < message_ids.length; i += 500) await this.db.deleteFrom('messages').where('message_id', 'in', message_ids.slice(i, i + 500)).execute();
  }
}
