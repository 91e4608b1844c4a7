// Agent skills: reading one, creating, changing and deleting them. Each change locks the skill row first and checks
// everything (rules, agents) before writing, in one transaction: concurrent changes to one skill take turns, and the
// skill always ends up equal to one whole request.
import type { FieldViolation } from '../domain/field-violation.js';
import { ruleKind, SKILL_RULE_KINDS, validateRule, type OperandType } from '../domain/skill-rules.js';
import type { Clock } from '../platform/clock.js';
import { badField, badRequest } from '../platform/errors.js';
import { randomId } from '../platform/secrets.js';
import { REMOVED } from '../repositories/agents-repository.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Skill, StoredRule } from '../repositories/skills-repository.js';
import type { AgentAvailability } from './routing-service.js';
import type { Store } from './store.js';
import { writeInTurn } from './write-turns.js';

/** A rule as the client sends it; operand is a JSON string or an object and is kept in that form. */
export interface RuleInput {
  id: string;
  selected_operator: number;
  operator_options?: number[];
  operand: unknown;
  category?: number;
}

export interface SkillInput {
  name?: string;
  rules?: RuleInput[];
  agent_ids?: string[];
}

/** One example operand per operand shape, answered by GET agent_skill_rules so a client can see the format. */
const OPERAND_EXAMPLES: Record<OperandType, unknown> = {
  text_list: ['Beijing', 'Shanghai'],
  source_list: [0, 1],
  language_list: ['zh_cn', 'en_us'],
  user_list: [{ id: 'ou_ea21d7f018e1155d960e40d33191f966', name: 'Zhang San' }],
  department_list: [{ id: 'od-4e6ac4d14bcd5071a37a39de902c7141', name: 'IT' }],
  category_list: [{ id: '6948728206392295444', name: 'Billing' }],
  number: 3,
};

/** GET agent_skill_rules: the catalogue of rule kinds, each with an example operand (a JSON string, as Feishu types it). */
export function ruleCatalogue() {
  return SKILL_RULE_KINDS.map((k) => ({
    id: k.id,
    operator_options: [...k.operator_options],
    operand: JSON.stringify({ [k.operand_key]: OPERAND_EXAMPLES[k.operand_type] }),
    category: k.category,
    display_name: k.name,
  }));
}

export class SkillsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Runs the queue after a change of skills (a queued ticket may now match an available agent's skill). */
    private readonly availability?: AgentAvailability,
  ) {}

  /** Every skill of the helpdesk, in GET agent_skills' order. */
  async list(helpdesk: Helpdesk): Promise<Skill[]> {
    return this.store.repos.skills.listByHelpdesk(helpdesk.helpdesk_id);
  }

  /** GET agent_skills/:id: the skill, its rules with the catalogue's options and names, and its agents. */
  async get(helpdesk: Helpdesk, id: string) {
    const skill = await this.store.repos.skills.find(helpdesk.helpdesk_id, id);
    if (!skill) throw skillNotFound(id);
    const users = new Map((await this.store.repos.identities.findUsers(helpdesk.tenant_key, skill.agent_ids)).map((u) => [u.open_id, u]));
    return {
      id: skill.id,
      name: skill.name,
      is_default: skill.is_default,
      agent_ids: skill.agent_ids,
      rules: skill.rules.map(ruleView),
      agents: skill.agent_ids.map((agentId) => ({ id: agentId, name: users.get(agentId)?.name ?? '', avatar_url: users.get(agentId)?.avatar_url ?? '' })),
    };
  }

  /** POST agent_skills: answers the new skill's id. */
  async create(helpdesk: Helpdesk, input: SkillInput & { name: string }): Promise<string> {
    const ruleViolations = checkRules(input.rules, 'rules');
    return writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      const violations = [...ruleViolations, ...(await checkAgents(repos, helpdesk, input.agent_ids, 'agent_ids'))];
      if (violations.length > 0) throw badRequest(violations);
      const id = randomId(8);
      const skill: Skill = {
        id,
        helpdesk_id: helpdesk.helpdesk_id,
        name: input.name,
        is_default: false,
        rules: (input.rules ?? []).map(storedRule),
        agent_ids: input.agent_ids ?? [],
      };
      const at = this.clock.now();
      await repos.skills.upsert(skill, await repos.skills.nextCreatedAt(helpdesk.helpdesk_id, at));
      await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, at);
      return id;
    });
  }

  /** PATCH agent_skills/:id: absent fields stay, present ones replace, all checked before anything is written. */
  async patch(helpdesk: Helpdesk, id: string, input: SkillInput): Promise<void> {
    const ruleViolations = checkRules(input.rules, 'agent_skill.rules');
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      const skill = await lockedSkill(repos, helpdesk, id);
      const violations = [...ruleViolations, ...(await checkAgents(repos, helpdesk, input.agent_ids, 'agent_skill.agent_ids'))];
      if (skill.is_default) violations.push(...defaultSkillViolations(skill, input));
      if (violations.length > 0) throw badRequest(violations);
      await repos.skills.update(id, { name: input.name, rules: input.rules?.map(storedRule) });
      if (input.agent_ids !== undefined) await repos.skills.replaceAgents(id, input.agent_ids);
      await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, this.clock.now());
    });
  }

  /** DELETE agent_skills/:id: any skill but the default one. */
  async delete(helpdesk: Helpdesk, id: string): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      const skill = await lockedSkill(repos, helpdesk, id);
      if (skill.is_default) throw badField('agent_skill_id', 'the default skill cannot be deleted', id);
      await repos.skills.delete(id);
      await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, this.clock.now());
    });
  }
}

async function lockedSkill(repos: Repositories, helpdesk: Helpdesk, id: string): Promise<Skill> {
  const [locked] = await repos.skills.lock(helpdesk.helpdesk_id, [id]);
  const skill = locked === undefined ? undefined : await repos.skills.find(helpdesk.helpdesk_id, id);
  if (!skill) throw skillNotFound(id);
  return skill;
}

function skillNotFound(id: string) {
  return badField('agent_skill_id', 'agent skill not found', id);
}

function checkRules(rules: readonly RuleInput[] | undefined, path: string): FieldViolation[] {
  return (rules ?? []).flatMap((rule, i) => validateRule(rule, `${path}[${i}]`));
}

/** Every id must be a current (not removed) agent of the helpdesk; on PostgreSQL their rows stay put until commit. */
async function checkAgents(repos: Repositories, helpdesk: Helpdesk, agent_ids: readonly string[] | undefined, path: string): Promise<FieldViolation[]> {
  if (!agent_ids || agent_ids.length === 0) return [];
  const agents = await repos.agents.lock(helpdesk.helpdesk_id, agent_ids, 'share');
  const current = new Set(agents.filter((a) => a.status !== REMOVED).map((a) => a.open_id));
  return agent_ids.flatMap((id, k) => (current.has(id) ? [] : [{ field: `${path}[${k}]`, value: id, description: 'no such agent in this helpdesk' }]));
}

/**
 * Every agent holds the default skill and it is the routing fallback: its members follow the helpdesk's agents and
 * it has no rules. A PATCH may rename it, or restate its members and empty rules, but not change them.
 */
function defaultSkillViolations(skill: Skill, input: SkillInput): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (input.rules && input.rules.length > 0) {
    out.push({ field: 'agent_skill.rules', value: input.rules, description: 'the default skill matches everyone and takes no rules' });
  }
  const members = new Set(skill.agent_ids);
  const given = new Set(input.agent_ids ?? []);
  if (input.agent_ids && (given.size !== members.size || [...given].some((a) => !members.has(a)))) {
    out.push({
      field: 'agent_skill.agent_ids',
      value: input.agent_ids,
      description: 'every agent holds the default skill; agents join it with POST agent_schedules and leave it with DELETE agents/:agent_id/schedules',
    });
  }
  return out;
}

/** What is stored: the rule as given, without the client's echo of operator_options (the catalogue is authoritative). */
function storedRule(rule: RuleInput): StoredRule {
  return { id: rule.id, selected_operator: rule.selected_operator, operand: rule.operand };
}

function ruleView(rule: StoredRule) {
  const kind = ruleKind(rule.id);
  return {
    id: rule.id,
    selected_operator: rule.selected_operator,
    operand: rule.operand,
    ...(kind ? { operator_options: [...kind.operator_options], category: kind.category, display_name: kind.name } : {}),
  };
}
