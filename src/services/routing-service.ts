// Which agent takes a ticket that reaches the human stage. A placeholder with the final interface: it picks the
// first online agent of the default skill (or of appointed_agents), else queues, and records nothing. The routing
// engine (skills, schedules, caps, the recorded decision) replaces this file.
import type { RoutingDecision, RoutingTrigger } from '../domain/routing.js';
import type { Clock } from '../platform/clock.js';
import type { Repositories } from '../repositories/index.js';
import type { Store } from './store.js';

export class RoutingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Decides for one ticket inside the caller's transaction, records the decision, returns it. Does not change the ticket. */
  async decide(
    repos: Repositories,
    ticket: { ticket_id: string; helpdesk_id: string; guest_id: string; channel: number },
    trigger: RoutingTrigger,
    now: number,
    appointedAgents?: string[],
  ): Promise<RoutingDecision> {
    const defaultSkill = await repos.skills.findDefault(ticket.helpdesk_id);
    const skill = defaultSkill ? await repos.skills.find(ticket.helpdesk_id, defaultSkill.id) : undefined;
    const candidates = appointedAgents ?? skill?.agent_ids ?? [];
    const agents = await repos.agents.listByHelpdesk(ticket.helpdesk_id);
    const online = new Set(agents.filter((a) => a.status === 1).map((a) => a.open_id));
    const picked = candidates.find((id) => online.has(id));
    const subject = { city: '', language: '', department_id: '', level: 0, source: ticket.channel === 9 ? 1 : 0, faq_categories: [], user_id: ticket.guest_id } as const;
    return {
      at_ms: now,
      trigger,
      subject: { ...subject, faq_categories: [] },
      skills: [],
      agents: candidates.map((agent_id) => ({ agent_id, result: agent_id === picked ? 'picked' : 'offline' })),
      outcome: picked ? 'assigned' : 'queued',
      ...(picked ? { agent_id: picked } : {}),
    };
  }
}
