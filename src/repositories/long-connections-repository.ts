// Long connections open in any process (one row each, kept alive by its process's heartbeat), and the PostgreSQL
// notification that tells the processes holding an app's connections that a delivery for it was committed.
import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from './executor.js';

/** The notification channel is this and the schema, so that deployments sharing a database do not wake each other. */
export const DELIVERIES_CHANNEL_PREFIX = 'kefu_deliveries_';

export class LongConnectionsRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Records a new connection unless the app already has `limit` live ones (counted under a lock of the app's row
   * on PostgreSQL, so two processes cannot both admit the 50th). Answers whether it was recorded.
   */
  async open(row: { connection_id: string; app_id: string; opened_at: number; alive_until: number }, limit: number, aliveAfter: number, postgres: boolean): Promise<boolean> {
    if (postgres) await this.db.selectFrom('apps').select('app_id').where('app_id', '=', row.app_id).forUpdate().execute();
    if ((await this.liveCount(row.app_id, aliveAfter)) >= limit) return false;
    await this.db.insertInto('long_connections').values(row).execute();
    return true;
  }

  async isKnown(connection_id: string): Promise<boolean> {
    return (await this.db.selectFrom('long_connections').select('connection_id').where('connection_id', '=', connection_id).executeTakeFirst()) !== undefined;
  }

  async liveCount(app_id: string, aliveAfter: number): Promise<number> {
    const row = await this.db
      .selectFrom('long_connections')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('app_id', '=', app_id)
      .where('alive_until', '>', aliveAfter)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The heartbeat of a process's connections; rows whose process stopped beating are removed on the way. */
  async heartbeat(connection_ids: string[], aliveUntil: number, deadBefore: number): Promise<void> {
    if (connection_ids.length > 0) await this.db.updateTable('long_connections').set({ alive_until: aliveUntil }).where('connection_id', 'in', connection_ids).execute();
    await this.db.deleteFrom('long_connections').where('alive_until', '<', deadBefore).execute();
  }

  async close(connection_ids: string[]): Promise<void> {
    if (connection_ids.length === 0) return;
    await this.db.deleteFrom('long_connections').where('connection_id', 'in', connection_ids).execute();
  }

  /**
   * PostgreSQL: inside the transaction that queued deliveries, notifies the processes listening that these apps
   * have new ones (only apps in long_connection mode: webhook deliveries need no particular process). PostgreSQL
   * sends it at commit, and never for a transaction rolled back. Nothing on SQLite (processes there poll).
   */
  async notifyQueued(app_ids: string[]): Promise<void> {
    if (app_ids.length === 0 || !(this.db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await this.db
      .selectFrom('event_subscriptions')
      .select(sql`pg_notify(${sql.lit(DELIVERIES_CHANNEL_PREFIX)} || current_schema(), app_id)`.as('notified'))
      .where('app_id', 'in', app_ids)
      .where('mode', '=', 'long_connection')
      .execute();
  }
}
