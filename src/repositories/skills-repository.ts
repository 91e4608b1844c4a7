import type { Selectable } from 'kysely';
import type { SkillTable } from '../db/schema.js';
import { parseJson, type Executor } from './executor.js';

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

  async addAgent(skill_id: string, agent_id: string): Promise<void> {
    await this.db
      .insertInto('skill_agents')
      .values({ skill_id, agent_id })
      .onConflict((oc) => oc.columns(['skill_id', 'agent_id']).doNothing())
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('skill_agents').where('skill_id', '=', id).execute();
    await this.db.deleteFrom('skills').where('id', '=', id).execute();
  }
}
