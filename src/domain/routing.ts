// Which agent takes a ticket that reaches the human stage (docs/routing.md). One pure function decides from a
// snapshot of the helpdesk, so start_service, the queue, the routing record and the console share one truth; the
// decision it returns is the record GET /kefu/v1/tickets/:ticket_id/routing answers.
import type { ScheduleSlot } from './schedule.js';
import { localWeekdayMinute, statusAtLocal, type LocalWeekdayMinute, type StoredAgentStatus } from './schedule-status.js';
import { ruleMatches, type MatchSubject, type SkillRule } from './skill-rules.js';

export type RoutingTrigger = 'start_service' | 'transfer' | 'queue';

export interface RoutingSubject {
  city: string;
  language: string;
  department_id: string;
  level: number;
  source: 0 | 1;
  faq_categories: string[];
  user_id: string;
}

/**
 * Why each agent did or did not get the ticket. `not_picked`: available, but the pick rule preferred another agent
 * (Kefu's addition to lifecycle.md's list, so that every agent considered has a result that is true).
 */
export type AgentResult = 'picked' | 'not_picked' | 'offline' | 'off_duty' | 'at_cap' | 'removed' | 'not_appointed' | 'not_in_skill';

export interface RoutingDecision {
  at_ms: number;
  trigger: RoutingTrigger;
  subject: RoutingSubject;
  skills: { skill_id: string; matched: boolean; failed_rule_id?: number }[];
  agents: { agent_id: string; result: AgentResult }[];
  outcome: 'assigned' | 'queued';
  agent_id?: string;
}

export interface RoutingSkill {
  id: string;
  is_default: boolean;
  rules: readonly SkillRule[];
  agent_ids: readonly string[];
}

export interface RoutingAgent {
  open_id: string;
  /** Stored status: 1 online, 2 offline, 4 removed. */
  status: StoredAgentStatus;
  schedule: readonly ScheduleSlot[] | null;
  /** Tickets the agent owns in status 1, 2, 4 or 5. */
  open_tickets: number;
  /** When routing last assigned the agent a ticket; 0 when never. */
  last_assigned_at: number;
}

/** Everything a decision depends on, read in one transaction. */
export interface RoutingSnapshot {
  at_ms: number;
  trigger: RoutingTrigger;
  time_zone: string;
  /** 0 = no cap. */
  max_open_tickets_per_agent: number;
  subject: RoutingSubject;
  /** The helpdesk's skills in their listing order. */
  skills: readonly RoutingSkill[];
  /** Every agent of the helpdesk, removed ones included. */
  agents: readonly RoutingAgent[];
  /** start_service's appointed_agents: when given (non-empty), exactly these agents are tried. */
  appointed_agents?: readonly string[];
}

/**
 * The rule subject of a routing subject. A FAQ category id names one category whatever language its FAQ is
 * written in, so the categories the ticket touched are tested by the zh, en and ja category rules (14, 15, 16) alike.
 */
export function matchSubject(s: RoutingSubject): MatchSubject {
  const categories = s.faq_categories;
  return {
    open_id: s.user_id,
    city: s.city || undefined,
    source: s.source,
    language: s.language || undefined,
    department_id: s.department_id || undefined,
    level: s.level,
    faq_categories: { zh_cn: categories, en_us: categories, ja_jp: categories },
  };
}

type Availability = 'available' | 'offline' | 'off_duty' | 'at_cap' | 'removed';

function availability(agent: RoutingAgent | undefined, local: LocalWeekdayMinute, cap: number): Availability {
  if (!agent) return 'removed';
  const status = statusAtLocal(agent.status, agent.schedule, local);
  if (status === 4) return 'removed';
  if (status === 2) return 'offline';
  if (status === 3) return 'off_duty';
  return cap > 0 && agent.open_tickets >= cap ? 'at_cap' : 'available';
}

/** Fewest open tickets, then longest since the last assignment, then open_id. */
function better(a: RoutingAgent, b: RoutingAgent): boolean {
  if (a.open_tickets !== b.open_tickets) return a.open_tickets < b.open_tickets;
  if (a.last_assigned_at !== b.last_assigned_at) return a.last_assigned_at < b.last_assigned_at;
  return a.open_id < b.open_id;
}

/** The decision for the snapshot's subject. Every agent of the helpdesk (and every appointed id) gets a result. */
export function decideRouting(snap: RoutingSnapshot): RoutingDecision {
  const local = localWeekdayMinute(snap.at_ms, snap.time_zone);
  const agents = snap.agents;
  // Per-agent facts live in arrays by the agent's position: a decision looks at hundreds of agents, and maps and
  // sets keyed by open_id cost more than everything else it does.
  const indexOf = new Map<string, number>();
  for (let i = 0; i < agents.length; i++) indexOf.set(agents[i].open_id, i);
  const judged: (Availability | undefined)[] = new Array(agents.length);
  const judge = (i: number): Availability => (judged[i] ??= availability(agents[i], local, snap.max_open_tickets_per_agent));
  const tried = new Uint8Array(agents.length);
  /** Ids tried that are not agents of the helpdesk (an appointed id, a stale skill member). */
  const strangers = new Set<string>();

  const skills: RoutingDecision['skills'] = [];
  let best: RoutingAgent | undefined;
  const tryPool = (ids: readonly string[]) => {
    for (const id of ids) {
      const i = indexOf.get(id);
      if (i === undefined) {
        strangers.add(id);
        continue;
      }
      tried[i] = 1;
      if (judge(i) === 'available' && (!best || better(agents[i], best))) best = agents[i];
    }
  };

  const appointed = snap.appointed_agents && snap.appointed_agents.length > 0 ? snap.appointed_agents : undefined;
  if (appointed) {
    tryPool(appointed);
  } else {
    const subject = matchSubject(snap.subject);
    for (const skill of snap.skills) {
      if (skill.is_default) continue;
      const failed = skill.rules.find((r) => !ruleMatches(r, subject));
      skills.push(failed ? { skill_id: skill.id, matched: false, failed_rule_id: Number(failed.id) } : { skill_id: skill.id, matched: true });
      if (!failed) tryPool(skill.agent_ids);
    }
    const fallback = best ? undefined : snap.skills.find((s) => s.is_default);
    if (fallback) {
      skills.push({ skill_id: fallback.id, matched: true });
      tryPool(fallback.agent_ids);
    }
  }

  const outside: AgentResult = appointed ? 'not_appointed' : 'not_in_skill';
  const results: RoutingDecision['agents'] = [];
  for (let i = 0; i < agents.length; i++) {
    const a = judge(i);
    const result: AgentResult =
      a === 'removed' ? 'removed' : !tried[i] ? outside : a === 'available' ? (agents[i] === best ? 'picked' : 'not_picked') : a;
    results.push({ agent_id: agents[i].open_id, result });
  }
  for (const id of strangers) results.push({ agent_id: id, result: 'removed' });
  if (!sortedById(results)) results.sort((x, y) => byCodeUnit(x.agent_id, y.agent_id));
  return {
    at_ms: snap.at_ms,
    trigger: snap.trigger,
    subject: snap.subject,
    skills,
    agents: results,
    outcome: best ? 'assigned' : 'queued',
    ...(best ? { agent_id: best.open_id } : {}),
  };
}

/** Agents arrive ordered by open_id from the repository; sorting is only needed when they do not. */
function sortedById(results: readonly { agent_id: string }[]): boolean {
  for (let i = 1; i < results.length; i++) if (results[i - 1].agent_id >= results[i].agent_id) return false;
  return true;
}

/** Whether any agent of the helpdesk could take a ticket now: when none can, the rest of the queue waits. */
export function someoneAvailable(snap: Pick<RoutingSnapshot, 'agents' | 'at_ms' | 'time_zone' | 'max_open_tickets_per_agent'>): boolean {
  const local = localWeekdayMinute(snap.at_ms, snap.time_zone);
  return snap.agents.some((a) => availability(a, local, snap.max_open_tickets_per_agent) === 'available');
}

/**
 * The snapshot after `agentId` took a ticket at `at_ms`: the queue decides ticket after ticket on one snapshot
 * instead of reading the helpdesk again for each.
 */
export function withAssignment<S extends Pick<RoutingSnapshot, 'agents'>>(snap: S, agentId: string, at_ms: number): S {
  return {
    ...snap,
    agents: snap.agents.map((a) => (a.open_id === agentId ? { ...a, open_tickets: a.open_tickets + 1, last_assigned_at: at_ms } : a)),
  };
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
