import type { Selectable } from 'kysely';
import type { HelpdeskTable } from '../db/schema.js';
import type { Executor } from './executor.js';
import { REMOVED } from '../domain/skill-membership.js';
import { prepared } from './prepared.js';

export type HelpdeskRow = Selectable<HelpdeskTable>;

export interface Helpdesk extends HelpdeskRow {
  admin_open_ids: string[];
}

// Read by every request of a guest and by routing: compiled once (prepared.ts).
const helpdeskById = prepared<{ helpdesk_id: string }, HelpdeskRow>((db, v) => db.selectFrom('helpdesks').selectAll().where('helpdesk_id', '=', v.helpdesk_id));
const adminsOf = prepared<{ helpdesk_id: string }, { open_id: string }>((db, v) =>
  db.selectFrom('helpdesk_admins').select('open_id').where('helpdesk_id', '=', v.helpdesk_id).orderBy('open_id'),
);

export class HelpdesksRepository {
  constructor(private readonly db: Executor) {}

  async upsert(helpdesk: HelpdeskRow, admin_open_ids: readonly string[]): Promise<void> {
    const { helpdesk_id, ...rest } = helpdesk;
    await this.db
      .insertInto('helpdesks')
      .values(helpdesk)
      .onConflict((oc) => oc.column('helpdesk_id').doUpdateSet(rest))
      .execute();
    await this.db.deleteFrom('helpdesk_admins').where('helpdesk_id', '=', helpdesk_id).execute();
    if (admin_open_ids.length > 0) {
      await this.db
        .insertInto('helpdesk_admins')
        .values([...new Set(admin_open_ids)].map((open_id) => ({ helpdesk_id, open_id })))
        .execute();
    }
  }

  async find(helpdesk_id: string): Promise<Helpdesk | undefined> {
    const row = await helpdeskById.first(this.db, { helpdesk_id });
    if (!row) return undefined;
    const admins = await adminsOf.execute(this.db, { helpdesk_id });
    return { ...row, admin_open_ids: admins.map((a) => a.open_id) };
  }

  async listIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('helpdesks').select('helpdesk_id').orderBy('helpdesk_id').execute();
    return rows.map((r) => r.helpdesk_id);
  }

  /** What a person is in each helpdesk: owner, admin or agent (a removed agent is none); guests appear in none. */
  async rolesOf(open_id: string): Promise<{ helpdesk_id: string; role: 'owner' | 'admin' | 'agent' }[]> {
    const [owned, administered, agentOf] = await Promise.all([
      this.db.selectFrom('helpdesks').select('helpdesk_id').where('owner_open_id', '=', open_id).execute(),
      this.db.selectFrom('helpdesk_admins').select('helpdesk_id').where('open_id', '=', open_id).execute(),
      this.db.selectFrom('agents').select('helpdesk_id').where('open_id', '=', open_id).where('status', '<>', REMOVED).execute(),
    ]);
    return [
      ...owned.map((r) => ({ helpdesk_id: r.helpdesk_id, role: 'owner' as const })),
      ...administered.map((r) => ({ helpdesk_id: r.helpdesk_id, role: 'admin' as const })),
      ...agentOf.map((r) => ({ helpdesk_id: r.helpdesk_id, role: 'agent' as const })),
    ].sort((a, b) => a.helpdesk_id.localeCompare(b.helpdesk_id) || a.role.localeCompare(b.role));
  }
}
