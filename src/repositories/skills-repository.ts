import { PostgresAdapter, type Selectable } from 'kysely';
import type { SkillTable } from '../db/schema.js';
import { parseJson, type Executor } from './executor.js';

/**
 * Row locks exist on PostgreSQL only: a SQLite transaction holds the file's write lock from its BEGIN IMMEDIATE
 * (sqlite-handle.ts), so a plain SELECT there already sees and keeps the latest state, of every process, until it ends.
 */
export function rowLocksApply(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A skill as an agent's listing shows it. */
export interface SkillBadge {
  id: string;
  name: string;
  is_default: boolean;
}

export interface StoredRule {
  id: string;
  selected_operator: number;
  operator_options?: number[];
  /** Kept in the form the caller gave it: a JSON string or an object. */
  operand: unknown;
}

export interface Skill {
  id: string;
  helpdesk_id: string;
  name: string;
  is_default: boolean;
  rules: StoredRule[];
  agent_ids: string[];
}

function toSkill(row: Selectable<SkillTable>, agent_ids: string[]): Skill {
  return {
    id: row.id,
    helpdesk_id: row.helpdesk_id,
    name: row.name,
    is_default: Boolean(row.is_default),
    rules: parseJson<StoredRule[]>(row.rules, []),
    agent_ids,
  };
}

export class SkillsRepository {
  constructor(private readonly db: Executor) {}

  /** Skills of a helpdesk in creation order, each with its agents (one query for all of them). */
  async listByHelpdesk(helpdesk_id: string): Promise<Skill[]> {
    const rows = await this.db
      .selectFrom('skills')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const members = await this.db
      .selectFrom('skill_agents')
      .innerJoin('skills', 'skills.id', 'skill_agents.skill_id')
      .select(['skill_agents.skill_id', 'skill_agents.agent_id'])
      .where('skills.helpdesk_id', '=', helpdesk_id)
      .orderBy('skill_agents.agent_id')
      .execute();
    const bySkill = new Map<string, string[]>();
    for (const m of members) {
      const list = bySkill.get(m.skill_id) ?? [];
      list.push(m.agent_id);
      bySkill.set(m.skill_id, list);
    }
    return rows.map((row) => toSkill(row, bySkill.get(row.id) ?? []));
  }

  async find(helpdesk_id: string, id: string): Promise<Skill | undefined> {
    const row = await this.db
      .selectFrom('skills')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const members = await this.db.selectFrom('skill_agents').select('agent_id').where('skill_id', '=', id).orderBy('agent_id').execute();
    return toSkill(row, members.map((m) => m.agent_id));
  }

  async upsert(skill: Skill, created_at: number): Promise<void> {
    const values = {
      id: skill.id,
      helpdesk_id: skill.helpdesk_id,
      name: skill.name,
      is_default: skill.is_default ? 1 : 0,
      rules: JSON.stringify(skill.rules),
      created_at,
    };
    await this.db
      .insertInto('skills')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: values.name, is_default: values.is_default, rules: values.rules }))
      .execute();
    await this.replaceAgents(skill.id, skill.agent_ids);
  }

  async update(id: string, changes: { name?: string; rules?: StoredRule[] }): Promise<void> {
    const set: { name?: string; rules?: string } = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.rules !== undefined) set.rules = JSON.stringify(changes.rules);
    if (Object.keys(set).length > 0) await this.db.updateTable('skills').set(set).where('id', '=', id).execute();
  }

  async replaceAgents(skill_id: string, agent_ids: readonly string[]): Promise<void> {
    await this.db.deleteFrom('skill_agents').where('skill_id', '=', skill_id).execute();
    const unique = [...new Set(agent_ids)];
    if (unique.length > 0) {
      await this.db.insertInto('skill_agents').values(unique.map((agent_id) => ({ skill_id, agent_id }))).execute();
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('skill_agents').where('skill_id', '=', id).execute();
    await this.db.deleteFrom('skills').where('id', '=', id).execute();
  }

  /**
   * Locks skill rows for the rest of the transaction (PostgreSQL) and answers the ids that exist. Every write that
   * changes a skill or its members locks the skills first, always in id order, so two writers never wait on each
   * other in a circle. With no ids given, every skill of the helpdesk is locked.
   */
  async lock(helpdesk_id: string, ids?: readonly string[]): Promise<string[]> {
    if (ids && ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('skills')
      .select('id')
      .where('helpdesk_id', '=', helpdesk_id)
      .$if(ids !== undefined, (qb) => qb.where('id', 'in', [...new Set(ids)]))
      .orderBy('id')
      .$if(rowLocksApply(this.db), (qb) => qb.forUpdate())
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * A created_at for a new skill that sorts after every skill of the helpdesk, even with a frozen clock (--now) or
   * two creations in one millisecond: listings are in creation order.
   */
  async nextCreatedAt(helpdesk_id: string, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('skills')
      .select((eb) => eb.fn.max('created_at').as('latest'))
      .where('helpdesk_id', '=', helpdesk_id)
      .executeTakeFirst();
    const latest = row?.latest === null || row?.latest === undefined ? -Infinity : Number(row.latest);
    return Math.max(now, latest + 1);
  }

  async findDefault(helpdesk_id: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('skills')
      .select('id')
      .where('helpdesk_id', '=', helpdesk_id)
      .where('is_default', '=', 1)
      .executeTakeFirst();
  }

  /** Which of these ids are skills of the helpdesk. */
  async existingIds(helpdesk_id: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('skills')
      .select('id')
      .where('helpdesk_id', '=', helpdesk_id)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** The skills each agent holds, in the helpdesk's skill order (creation, then id). */
  async badgesByAgent(helpdesk_id: string, agent_ids?: readonly string[]): Promise<Map<string, SkillBadge[]>> {
    const byAgent = new Map<string, SkillBadge[]>();
    if (agent_ids && agent_ids.length === 0) return byAgent;
    const rows = await this.db
      .selectFrom('skill_agents')
      .innerJoin('skills', 'skills.id', 'skill_agents.skill_id')
      .select(['skill_agents.agent_id', 'skills.id', 'skills.name', 'skills.is_default'])
      .where('skills.helpdesk_id', '=', helpdesk_id)
      .$if(agent_ids !== undefined, (qb) => qb.where('skill_agents.agent_id', 'in', [...new Set(agent_ids)]))
      .orderBy('skills.created_at')
      .orderBy('skills.id')
      .execute();
    for (const r of rows) {
      const list = byAgent.get(r.agent_id) ?? [];
      list.push({ id: r.id, name: r.name, is_default: Boolean(r.is_default) });
      byAgent.set(r.agent_id, list);
    }
    return byAgent;
  }

  /** Takes the agent out of skills of the helpdesk: all of them, or all but those named in `keep`. */
  async removeAgent(helpdesk_id: string, agent_id: string, keep: readonly string[] = []): Promise<void> {
    await this.db
      .deleteFrom('skill_agents')
      .where('agent_id', '=', agent_id)
      .where('skill_id', 'in', (eb) => eb.selectFrom('skills').select('id').where('helpdesk_id', '=', helpdesk_id))
      .$if(keep.length > 0, (qb) => qb.where('skill_id', 'not in', [...keep]))
      .execute();
  }

  async addAgentToSkills(agent_id: string, skill_ids: readonly string[]): Promise<void> {
    const unique = [...new Set(skill_ids)];
    if (unique.length === 0) return;
    await this.db
      .insertInto('skill_agents')
      .values(unique.map((skill_id) => ({ skill_id, agent_id })))
      .onConflict((oc) => oc.columns(['skill_id', 'agent_id']).doNothing())
      .execute();
  }
}
