// Kefu's own helpdesk settings; a helpdesk without a row has the defaults.
import type { Executor } from './executor.js';

export interface HelpdeskSettings {
  bot_idle_close_s: number;
  max_open_tickets_per_agent: number;
  bot_auto_answer: boolean;
}

export const DEFAULT_SETTINGS: HelpdeskSettings = { bot_idle_close_s: 600, max_open_tickets_per_agent: 0, bot_auto_answer: true };

export class HelpdeskSettingsRepository {
  constructor(private readonly db: Executor) {}

  async get(helpdesk_id: string): Promise<HelpdeskSettings> {
    const row = await this.db.selectFrom('helpdesk_settings').selectAll().where('helpdesk_id', '=', helpdesk_id).executeTakeFirst();
    if (!row) return { ...DEFAULT_SETTINGS };
    return { bot_idle_close_s: row.bot_idle_close_s, max_open_tickets_per_agent: row.max_open_tickets_per_agent, bot_auto_answer: row.bot_auto_answer === 1 };
  }

  async put(helpdesk_id: string, settings: HelpdeskSettings, now: number): Promise<void> {
    const values = {
      bot_idle_close_s: settings.bot_idle_close_s,
      max_open_tickets_per_agent: settings.max_open_tickets_per_agent,
      bot_auto_answer: settings.bot_auto_answer ? 1 : 0,
      updated_at: now,
    };
    await this.db
      .insertInto('helpdesk_settings')
      .values({ helpdesk_id, ...values })
      .onConflict((oc) => oc.column('helpdesk_id').doUpdateSet(values))
      .execute();
  }
}
