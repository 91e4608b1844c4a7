// The push centre's notifications and the users each was sent to.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { NotificationRecipientTable, NotificationTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { rowLocksApply } from './skills-repository.js';

export type NotificationRow = Selectable<NotificationTable>;
export type NotificationChanges = Updateable<NotificationTable>;
export type NotificationRecipientRow = Selectable<NotificationRecipientTable>;

export class NotificationsRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<NotificationTable>): Promise<void> {
    await this.db.insertInto('notifications').values(row).execute();
  }

  /** A notification of the helpdesk; another helpdesk's is as unknown as a missing one. */
  async find(helpdesk_id: string, notification_id: string): Promise<NotificationRow | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('notification_id', '=', notification_id).where('helpdesk_id', '=', helpdesk_id).executeTakeFirst();
  }

  /** Which helpdesk holds a notification (preview and submit_approve may come without a helpdesk header). */
  async helpdeskOf(notification_id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('notifications').select('helpdesk_id').where('notification_id', '=', notification_id).executeTakeFirst())?.helpdesk_id;
  }

  /** Like find, with the row locked until the transaction ends (PostgreSQL), so two changes to it take turns. */
  async lock(helpdesk_id: string, notification_id: string): Promise<NotificationRow | undefined> {
    return this.db
      .selectFrom('notifications')
      .selectAll()
      .where('notification_id', '=', notification_id)
      .where('helpdesk_id', '=', helpdesk_id)
      .$if(rowLocksApply(this.db), (qb) => qb.forUpdate())
      .executeTakeFirst();
  }

  async update(notification_id: string, changes: NotificationChanges): Promise<void> {
    await this.db.updateTable('notifications').set(changes).where('notification_id', '=', notification_id).execute();
  }

  /** Scheduled notifications whose time has come by `until`, soonest first. */
  async dueScheduled(status: number, until: number): Promise<{ notification_id: string; helpdesk_id: string; send_at: number }[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .select(['notification_id', 'helpdesk_id', 'send_at'])
      .where('status', '=', status)
      .where('send_at', '<=', until)
      .orderBy('send_at')
      .orderBy('notification_id')
      .execute();
    return rows.map((r) => ({ notification_id: r.notification_id, helpdesk_id: r.helpdesk_id, send_at: Number(r.send_at) }));
  }

  async addRecipients(rows: readonly Insertable<NotificationRecipientTable>[]): Promise<void> {
    // 6 values a row: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
    for (let i = 0; i < rows.length; i += 2000) await this.db.insertInto('notification_recipients').values(rows.slice(i, i + 2000)).execute();
  }

  async recipients(notification_id: string): Promise<NotificationRecipientRow[]> {
    return this.db.selectFrom('notification_recipients').selectAll().where('notification_id', '=', notification_id).orderBy('open_id').execute();
  }

  /** How many users got it and have not had it recalled. */
  async countSent(notification_id: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('notification_recipients')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('notification_id', '=', notification_id)
      .where('recalled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async markRecalled(notification_id: string, now: number): Promise<void> {
    await this.db.updateTable('notification_recipients').set({ recalled_at: now }).where('notification_id', '=', notification_id).where('recalled_at', 'is', null).execute();
  }
}
