// Agents of a helpdesk: their schedules, their skills and their status. The rules that need several repositories
// live here; every change runs in one transaction that checks everything before it writes anything.
import type { FieldViolation } from '../domain/field-violation.js';
import { validateSchedule, type ScheduleSlot } from '../domain/schedule.js';
import { statusAt, type AgentStatus, type StoredAgentStatus } from '../domain/schedule-status.js';
import { skillsHeld } from '../domain/skill-membership.js';
import type { Clock } from '../platform/clock.js';
import { badField, badRequest } from '../platform/errors.js';
import { isUniqueViolation, REMOVED, type Agent, type AgentWithProfile } from '../repositories/agents-repository.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { SkillBadge } from '../repositories/skills-repository.js';
import type { AgentAvailability } from './routing-service.js';
import type { Store } from './store.js';
import { writeInTurn } from './write-turns.js';

export interface AgentScheduleView {
  status: AgentStatus;
  agent: { id: string; avatar_url: string; name: string; email: string; department: string; company_name: string };
  schedule: ScheduleSlot[];
  agent_skills: SkillBadge[];
}

export interface NewAgentSchedule {
  agent_id: string;
  schedule: unknown[];
  agent_skill_ids?: string[];
}

export interface AgentScheduleChanges {
  schedule?: unknown[];
  agent_skill_ids?: string[];
}

const ONLINE = 1;

export class AgentsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Runs the queue after a change that may have made an agent available, in the same transaction. */
    private readonly availability?: AgentAvailability,
  ) {}

  /** GET agent_schedules: the agents whose status right now is one of `statuses`, by name then id. */
  async listSchedules(helpdesk: Helpdesk, statuses: readonly number[]): Promise<AgentScheduleView[]> {
    const repos = this.store.repos;
    const agents = await repos.agents.listWithProfiles(helpdesk.helpdesk_id);
    const skills = await repos.skills.badgesByAgent(helpdesk.helpdesk_id);
    const now = this.clock.now();
    const wanted = new Set(statuses);
    return agents.map((a) => view(a, skills, now, helpdesk.time_zone)).filter((v) => wanted.has(v.status));
  }

  /** GET agents/:agent_id/schedules; a removed agent is answered too (status 4), with the schedule it last had. */
  async getSchedule(helpdesk: Helpdesk, agent_id: string): Promise<AgentScheduleView> {
    const repos = this.store.repos;
    const [agent] = await repos.agents.listWithProfiles(helpdesk.helpdesk_id, [agent_id]);
    if (!agent) throw noSuchAgent(agent_id);
    const skills = await repos.skills.badgesByAgent(helpdesk.helpdesk_id, [agent_id]);
    return view(agent, skills, this.clock.now(), helpdesk.time_zone);
  }

  /**
   * POST agent_schedules: makes each listed user an agent with the given schedule and skills (plus the default skill).
   * Any bad item refuses the whole request. Locks the skills it changes (the default skill among them), so concurrent
   * requests that add agents to one helpdesk take turns; a key conflict that slips through is still a clean 400.
   */
  async createSchedules(helpdesk: Helpdesk, items: readonly NewAgentSchedule[]): Promise<void> {
    const slots = checkSchedules(items);
    try {
      await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
        const plan = await planCreation(repos, helpdesk, items);
        const violations = [...slots.violations, ...plan.violations].sort(byItemOrder);
        if (violations.length > 0) throw badRequest(violations);
        const at = this.clock.now();
        for (const { index, existing } of plan.order) {
          const item = items[index];
          const schedule = slots.valid[index];
          const status = existing && existing.status !== REMOVED ? existing.status : ONLINE;
          if (existing) {
            await repos.agents.update(helpdesk.helpdesk_id, item.agent_id, { status, schedule }, at);
          } else if (!(await repos.agents.insertIfAbsent({ helpdesk_id: helpdesk.helpdesk_id, open_id: item.agent_id, status, schedule }, at))) {
            throw alreadyScheduled(index, item.agent_id);
          }
          await putInSkills(repos, helpdesk.helpdesk_id, item.agent_id, status, plan.defaultSkillId, item.agent_skill_ids ?? []);
        }
        await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, at);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw badField('agent_schedules', 'another request added one of these agents at the same moment; nothing was written, try again');
      }
      throw error;
    }
  }

  /** PATCH agents/:agent_id/schedules: a present schedule replaces the old one; present agent_skill_ids replace its skills. */
  async patchSchedule(helpdesk: Helpdesk, agent_id: string, changes: AgentScheduleChanges): Promise<void> {
    const checked = changes.schedule === undefined ? undefined : validateSchedule(changes.schedule, 'agent_schedule.schedule');
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      const skillIds = changes.agent_skill_ids;
      const existingSkills = skillIds === undefined ? [] : await repos.skills.lock(helpdesk.helpdesk_id);
      const agent = await lockCurrentAgent(repos, helpdesk, agent_id);
      const violations: FieldViolation[] = checked && !checked.ok ? [...checked.violations] : [];
      (skillIds ?? []).forEach((id, k) => {
        if (!existingSkills.includes(id)) violations.push(unknownSkill(`agent_schedule.agent_skill_ids[${k}]`, id));
      });
      if (violations.length > 0) throw badRequest(violations);
      const at = this.clock.now();
      if (checked?.ok) await repos.agents.update(helpdesk.helpdesk_id, agent.open_id, { schedule: checked.slots }, at);
      if (skillIds !== undefined) {
        const defaultSkill = await repos.skills.findDefault(helpdesk.helpdesk_id);
        await putInSkills(repos, helpdesk.helpdesk_id, agent_id, agent.status, defaultSkill?.id, skillIds);
      }
      await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, at);
    });
  }

  /**
   * DELETE agents/:agent_id/schedules: the agent is removed (status 4). The row and its last schedule stay as history;
   * it leaves every skill, the default one included, so nothing routes work to it and no skill lists it. Removing a
   * removed agent again changes nothing.
   */
  async remove(helpdesk: Helpdesk, agent_id: string): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await repos.skills.lock(helpdesk.helpdesk_id);
      const [agent] = await repos.agents.lock(helpdesk.helpdesk_id, [agent_id], 'update');
      if (!agent) throw noSuchAgent(agent_id);
      if (agent.status === REMOVED) return;
      await repos.agents.update(helpdesk.helpdesk_id, agent_id, { status: REMOVED }, this.clock.now());
      await putInSkills(repos, helpdesk.helpdesk_id, agent_id, REMOVED, undefined, []);
    });
  }

  /** PATCH agents/:agent_id: online (1) or offline (2) by hand; an absent status changes nothing. */
  async setStatus(helpdesk: Helpdesk, agent_id: string, status: 1 | 2 | undefined): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await lockCurrentAgent(repos, helpdesk, agent_id);
      if (status === undefined) return;
      const at = this.clock.now();
      await repos.agents.update(helpdesk.helpdesk_id, agent_id, { status }, at);
      await this.availability?.drainQueue(repos, helpdesk.helpdesk_id, at);
    });
  }

  /** GET agent_emails: {open_id: email} of the current agents, by name then id. */
  async emails(helpdesk: Helpdesk): Promise<Record<string, string>> {
    const agents = await this.store.repos.agents.listWithProfiles(helpdesk.helpdesk_id);
    return Object.fromEntries(agents.filter((a) => a.status !== REMOVED).map((a) => [a.open_id, a.email]));
  }
}

function view(a: AgentWithProfile, skills: Map<string, SkillBadge[]>, now: number, timeZone: string): AgentScheduleView {
  return {
    status: statusAt(a.status as StoredAgentStatus, a.schedule, now, timeZone),
    agent: { id: a.open_id, avatar_url: a.avatar_url, name: a.name, email: a.email, department: a.department, company_name: a.company_name },
    schedule: a.schedule ?? [],
    agent_skills: skills.get(a.open_id) ?? [],
  };
}

/** The pure checks of POST agent_schedules: every schedule, and no agent listed twice. */
function checkSchedules(items: readonly NewAgentSchedule[]) {
  const violations: FieldViolation[] = [];
  const valid: ScheduleSlot[][] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const checked = validateSchedule(item.schedule, `agent_schedules[${i}].schedule`);
    if (checked.ok) valid[i] = checked.slots;
    else violations.push(...checked.violations);
    const first = firstIndex.get(item.agent_id);
    if (first === undefined) firstIndex.set(item.agent_id, i);
    else violations.push({ field: `agent_schedules[${i}].agent_id`, value: item.agent_id, description: `the same agent is already listed at agent_schedules[${first}]` });
  });
  return { violations, valid };
}

/** What POST agent_schedules will change, read under the locks it needs, and what is wrong with it. */
async function planCreation(repos: Repositories, helpdesk: Helpdesk, items: readonly NewAgentSchedule[]) {
  const helpdesk_id = helpdesk.helpdesk_id;
  const defaultSkill = await repos.skills.findDefault(helpdesk_id);
  const listed = items.flatMap((item) => item.agent_skill_ids ?? []);
  const skills = new Set(await repos.skills.lock(helpdesk_id, [...(defaultSkill ? [defaultSkill.id] : []), ...listed]));
  const agentIds = items.map((item) => item.agent_id);
  const users = new Set((await repos.identities.findUsers(helpdesk.tenant_key, agentIds)).map((u) => u.open_id));
  const agents = new Map((await repos.agents.lock(helpdesk_id, agentIds, 'update')).map((a) => [a.open_id, a]));

  const violations: FieldViolation[] = [];
  items.forEach((item, i) => {
    const existing = agents.get(item.agent_id);
    if (!users.has(item.agent_id)) {
      violations.push({ field: `agent_schedules[${i}].agent_id`, value: item.agent_id, description: 'no such user in this tenant' });
    } else if (existing && existing.status !== REMOVED && existing.schedule !== null) {
      violations.push(alreadyScheduledViolation(i, item.agent_id));
    }
    (item.agent_skill_ids ?? []).forEach((id, k) => {
      if (!skills.has(id)) violations.push(unknownSkill(`agent_schedules[${i}].agent_skill_ids[${k}]`, id));
    });
  });
  // Writes go in agent id order, like the row locks, so two transactions never wait on each other in a circle.
  const order = items
    .map((item, index) => ({ index, existing: agents.get(item.agent_id) }))
    .sort((x, y) => (items[x.index].agent_id < items[y.index].agent_id ? -1 : 1));
  return { violations, order, defaultSkillId: defaultSkill?.id };
}

/** Puts the agent in exactly the skills an agent of `status` holds (domain/skill-membership.ts), and in no other. */
async function putInSkills(repos: Repositories, helpdesk_id: string, agent_id: string, status: number, defaultSkillId: string | undefined, chosen: readonly string[]) {
  await repos.skills.removeAgent(helpdesk_id, agent_id);
  const held = skillsHeld(status, defaultSkillId, chosen);
  if (held.length > 0) await repos.skills.addAgentToSkills(agent_id, held);
}

/** The agent, locked for a change; a user who is not (or no longer) an agent of the helpdesk is a 400 naming it. */
async function lockCurrentAgent(repos: Repositories, helpdesk: Helpdesk, agent_id: string): Promise<Agent> {
  const [agent] = await repos.agents.lock(helpdesk.helpdesk_id, [agent_id], 'update');
  if (!agent) throw noSuchAgent(agent_id);
  if (agent.status === REMOVED) throw badField('agent_id', 'the agent was removed from this helpdesk; add it again with POST agent_schedules', agent_id);
  return agent;
}

function noSuchAgent(agent_id: string) {
  return badField('agent_id', 'no such agent in this helpdesk', agent_id);
}

function unknownSkill(field: string, id: string): FieldViolation {
  return { field, value: id, description: 'no such agent skill in this helpdesk' };
}

function alreadyScheduledViolation(index: number, agent_id: string): FieldViolation {
  return {
    field: `agent_schedules[${index}].agent_id`,
    value: agent_id,
    description: 'the agent already has a schedule; change it with PATCH /open-apis/helpdesk/v1/agents/:agent_id/schedules',
  };
}

function alreadyScheduled(index: number, agent_id: string) {
  return badRequest([alreadyScheduledViolation(index, agent_id)]);
}

/** Violations in the order of the items they name, so a client reads them top to bottom. */
function byItemOrder(a: FieldViolation, b: FieldViolation): number {
  const index = (v: FieldViolation) => Number(/^agent_schedules\[(\d+)\]/.exec(v.field)?.[1] ?? -1);
  return index(a) - index(b);
}
