import type { Selectable } from 'kysely';
import type { AgentTable } from '../db/schema.js';
import type { ScheduleSlot } from '../domain/schedule.js';
import type { StoredAgentStatus } from '../domain/schedule-status.js';
import { parseJson, type Executor } from './executor.js';
import { rowLocksApply } from './skills-repository.js';
import { prepared } from './prepared.js';

export interface Agent {
  helpdesk_id: string;
  open_id: string;
  /** Stored status: 1 online, 2 offline, 4 removed. */
  status: number;
  schedule: ScheduleSlot[] | null;
}

/** An agent with the user fields every agent answer shows. */
export interface AgentWithProfile extends Agent {
  name: string;
  email: string;
  avatar_url: string;
  department: string;
  company_name: string;
}

export { REMOVED } from '../domain/skill-membership.js';

function toAgent(row: Selectable<AgentTable>): Agent {
  return {
    helpdesk_id: row.helpdesk_id,
    open_id: row.open_id,
    status: row.status,
    schedule: parseJson<ScheduleSlot[] | null>(row.schedule, null),
  };
}

const profileColumns = [
  'agents.helpdesk_id',
  'agents.open_id',
  'agents.status',
  'agents.schedule',
  'users.name',
  'users.email',
  'users.avatar_url',
  'users.department',
  'users.company_name',
] as const;

// An agent's reply and a PUT check their caller (assertServes): compiled once (prepared.ts).
const agentOf = prepared<{ helpdesk_id: string; open_id: string }, Selectable<AgentTable>>((db, v) =>
  db.selectFrom('agents').selectAll().where('helpdesk_id', '=', v.helpdesk_id).where('open_id', '=', v.open_id),
);

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

  /**
   * Inserts a new agent unless one with that id already exists in the helpdesk (perhaps committed a moment ago by
   * a concurrent request); answers whether this call inserted it, so the caller can refuse instead of failing.
   */
  async insertIfAbsent(agent: Agent, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('agents')
      .values({
        helpdesk_id: agent.helpdesk_id,
        open_id: agent.open_id,
        status: agent.status,
        schedule: agent.schedule === null ? null : JSON.stringify(agent.schedule),
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(['helpdesk_id', 'open_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(helpdesk_id: string, open_id: string, changes: { status?: number; schedule?: ScheduleSlot[] | null }, at: number): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({
        ...(changes.status === undefined ? {} : { status: changes.status }),
        ...(changes.schedule === undefined ? {} : { schedule: changes.schedule === null ? null : JSON.stringify(changes.schedule) }),
        updated_at: at,
      })
      .where('helpdesk_id', '=', helpdesk_id)
      .where('open_id', '=', open_id)
      .execute();
  }

  async listByHelpdesk(helpdesk_id: string): Promise<Agent[]> {
    const rows = await this.db.selectFrom('agents').selectAll().where('helpdesk_id', '=', helpdesk_id).orderBy('open_id').execute();
    return rows.map(toAgent);
  }

  async find(helpdesk_id: string, open_id: string): Promise<Agent | undefined> {
    const row = await agentOf.first(this.db, { helpdesk_id, open_id });
    return row && toAgent(row);
  }

  /**
   * The helpdesk's agents with their user profiles, ordered by name then id (a stable order for listings).
   * `open_ids` narrows it to those agents.
   */
  async listWithProfiles(helpdesk_id: string, open_ids?: readonly string[]): Promise<AgentWithProfile[]> {
    if (open_ids && open_ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('agents')
      .innerJoin('users', 'users.open_id', 'agents.open_id')
      .select(profileColumns)
      .where('agents.helpdesk_id', '=', helpdesk_id)
      .$if(open_ids !== undefined, (qb) => qb.where('agents.open_id', 'in', [...new Set(open_ids)]))
      .orderBy('users.name')
      .orderBy('agents.open_id')
      .execute();
    return rows.map((row) => ({ ...row, schedule: parseJson<ScheduleSlot[] | null>(row.schedule, null) }));
  }

  /**
   * Reads agents for a change: on PostgreSQL their rows stay locked until the transaction ends (`update` for rows
   * about to change, `share` for rows that must merely stay as they are), taken in id order like every other lock.
   */
  async lock(helpdesk_id: string, open_ids: readonly string[], mode: 'update' | 'share'): Promise<Agent[]> {
    if (open_ids.length === 0) return [];
    const locks = rowLocksApply(this.db);
    const rows = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('open_id', 'in', [...new Set(open_ids)])
      .orderBy('open_id')
      .$if(locks && mode === 'update', (qb) => qb.forUpdate())
      .$if(locks && mode === 'share', (qb) => qb.forShare())
      .execute();
    return rows.map(toAgent);
  }
}

/**
 * A write that lost a race for a unique key (PostgreSQL 23505, SQLite's constraint codes). Services turn it into the
 * documented 400 instead of a 500: the request was valid when checked, and nothing of it was written.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
