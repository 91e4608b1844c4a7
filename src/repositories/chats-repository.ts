// Service chats and bot chats: one per guest, helpdesk and kind, made on first use.
import type { Selectable } from 'kysely';
import type { ChatTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared.js';
import { rowLocksApply } from './skills-repository.js';

export type Chat = Selectable<ChatTable>;
export type ChatKind = 'service' | 'bot';

// The write path's chat statements, compiled once (prepared.ts); the lock applies on PostgreSQL only.
const chatOfGuest = prepared<{ helpdesk_id: string; guest_id: string; kind: string }, Chat>((db, v) =>
  db.selectFrom('chats').selectAll().where('helpdesk_id', '=', v.helpdesk_id).where('guest_id', '=', v.guest_id).where('kind', '=', v.kind)
    .$if(rowLocksApply(db), (qb) => qb.forUpdate()),
);
const lockedChat = prepared<{ chat_id: string }, Chat>((db, v) =>
  db.selectFrom('chats').selectAll().where('chat_id', '=', v.chat_id).$if(rowLocksApply(db), (qb) => qb.forUpdate()),
);
const chatById = prepared<{ chat_id: string }, Chat>((db, v) => db.selectFrom('chats').selectAll().where('chat_id', '=', v.chat_id));

export class ChatsRepository {
  constructor(private readonly db: Executor) {}

  /**
   * The guest's chat of this kind, made with `newId` if there is none, and locked until the transaction ends
   * (PostgreSQL): every change to a guest's tickets in a helpdesk goes through this row, one at a time.
   */
  async lockOrCreate(helpdesk_id: string, guest_id: string, kind: ChatKind, newId: string, now: number): Promise<Chat> {
    // Nearly every call finds the chat: one read then, and the insert (which may meet a concurrent one) only when not.
    const found = await chatOfGuest.first(this.db, { helpdesk_id, guest_id, kind });
    if (found) return found;
    await this.db
      .insertInto('chats')
      .values({ chat_id: newId, helpdesk_id, guest_id, kind, created_at: now })
      .onConflict((oc) => oc.columns(['helpdesk_id', 'guest_id', 'kind']).doNothing())
      .execute();
    const made = await chatOfGuest.first(this.db, { helpdesk_id, guest_id, kind });
    if (!made) throw new Error(`the chat of ${guest_id} in ${helpdesk_id} is neither found nor made`);
    return made;
  }

  /**
   * lockOrCreate for many guests at once (a notification's send): a few statements rather than two a guest. Answers
   * the chats by guest; `newId` is called once for each chat that may be made.
   */
  async lockOrCreateMany(helpdesk_id: string, guest_ids: readonly string[], kind: ChatKind, newId: () => string, now: number): Promise<Map<string, Chat>> {
    const chats = new Map<string, Chat>();
    // 5 values a row and 1 a guest: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
    for (let i = 0; i < guest_ids.length; i += 2000) {
      const slice = guest_ids.slice(i, i + 2000);
      await this.db
        .insertInto('chats')
        .values(slice.map((guest_id) => ({ chat_id: newId(), helpdesk_id, guest_id, kind, created_at: now })))
        .onConflict((oc) => oc.columns(['helpdesk_id', 'guest_id', 'kind']).doNothing())
        .execute();
      const rows = await this.db
        .selectFrom('chats')
        .selectAll()
        .where('helpdesk_id', '=', helpdesk_id)
        .where('kind', '=', kind)
        .where('guest_id', 'in', slice)
        .orderBy('guest_id')
        .$if(rowLocksApply(this.db), (qb) => qb.forUpdate())
        .execute();
      for (const chat of rows) chats.set(chat.guest_id, chat);
    }
    return chats;
  }

  /**
   * A chat known to exist, locked like lockOrCreate's until the transaction ends (PostgreSQL); on SQLite the
   * write transaction already holds the only lock, and nothing is read.
   */
  async lock(chat_id: string): Promise<void> {
    if (rowLocksApply(this.db)) await lockedChat.execute(this.db, { chat_id });
  }

  async find(chat_id: string): Promise<Chat | undefined> {
    return chatById.first(this.db, { chat_id });
  }

  async listByGuest(guest_id: string): Promise<Chat[]> {
    return this.db.selectFrom('chats').selectAll().where('guest_id', '=', guest_id).orderBy('created_at').orderBy('chat_id').execute();
  }
}
