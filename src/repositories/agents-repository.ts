import type { Selectable } from 'kysely';
import type { AgentTable } from '../db/schema.js';
import type { ScheduleSlot } from '../domain/schedule.js';
import { parseJson, type Executor } from './executor.js';

export interface Agent {
  helpdesk_id: string;
  open_id: string;
  /** Stored status: 1 online, 2 offline, 4 removed. */
  status: number;
  schedule: ScheduleSlot[] | null;
}

function toAgent(row: Selectable<AgentTable>): Agent {
  return {
    helpdesk_id: row.helpdesk_id,
    open_id: row.open_id,
    status: row.status,
    schedule: parseJson<ScheduleSlot[] | null>(row.schedule, null),
  };
}

export class AgentsRepository {
  constructor(private readonly db: Executor) {}

  async upsert(agent: Agent, at: number): Promise<void> {
    const schedule = agent.schedule === null ? null : JSON.stringify(agent.schedule);
    await this.db
      .insertInto('agents')
      .values({ helpdesk_id: agent.helpdesk_id, open_id: agent.open_id, status: agent.status, schedule, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['helpdesk_id', 'open_id']).doUpdateSet({ status: agent.status, schedule, updated_at: at }))
      .execute();
  }

  async listByHelpdesk(helpdesk_id: string): Promise<Agent[]> {
    const rows = await this.db.selectFrom('agents').selectAll().where('helpdesk_id', '=', helpdesk_id).orderBy('open_id').execute();
    return rows.map(toAgent);
  }

  async find(helpdesk_id: string, open_id: string): Promise<Agent | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('open_id', '=', open_id)
      .executeTakeFirst();
    return row && toAgent(row);
  }
}
