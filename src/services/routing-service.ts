// Which agent takes a ticket that reaches the human stage, and the queue of tickets nobody could take yet
// (docs/routing.md). The decision is domain/routing.ts's pure function; this service reads its snapshot, records
// the decision, and runs the queue whenever an agent may have become available.
import { decideRouting, someoneAvailable, withAssignment, type RoutingDecision, type RoutingSnapshot, type RoutingTrigger } from '../domain/routing.js';
import type { Clock } from '../platform/clock.js';
import { badField } from '../platform/errors.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Store } from './store.js';

/** What the queue and the timers ask of the lifecycle (LifecycleService): both write the ticket and its events. */
export interface TicketMover {
  assignQueued(repos: Repositories, ticketId: string, agentId: string, now: number): Promise<void>;
  closeIdleBotTicket(repos: Repositories, ticketId: string, now: number): Promise<void>;
}

/** Called inside a write that may have made an agent available (status, schedule, skills, a close). */
export interface AgentAvailability {
  drainQueue(repos: Repositories, helpdeskId: string, now: number): Promise<number>;
}

/** The part of a snapshot that is the same for every ticket of the helpdesk at one instant. */
type HelpdeskView = Omit<RoutingSnapshot, 'trigger' | 'subject' | 'appointed_agents'>;

export class RoutingService implements AgentAvailability {
  /** The lifecycle applies the queue's placements; set once when the application is built. */
  lifecycle?: TicketMover;

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
    await repos.routing.takeTurn(ticket.helpdesk_id);
    const view = await helpdeskView(repos, ticket.helpdesk_id, now);
    const { subject, appointed } = await repos.routing.subject(ticket);
    const decision = decideRouting({ ...view, trigger, subject, appointed_agents: appointedAgents ?? appointed });
    await repos.routing.record(ticket.helpdesk_id, ticket.ticket_id, decision);
    return decision;
  }

  /**
   * Places queued tickets of the helpdesk, in queue order, while anyone is available; each placement is recorded
   * and applied through the lifecycle in the caller's transaction. A ticket that stays queued is not recorded again
   * (a pass changes nothing for it). Safe to run at any time and from several processes: passes take turns.
   */
  async drainQueue(repos: Repositories, helpdeskId: string, now: number): Promise<number> {
    await repos.routing.takeTurn(helpdeskId);
    const queue = await repos.routing.queued(helpdeskId);
    if (queue.length === 0) return 0;
    let view = await helpdeskView(repos, helpdeskId, now);
    let placed = 0;
    for (const ticket of queue) {
      if (!someoneAvailable(view)) break;
      const { subject, appointed } = await repos.routing.subject(ticket);
      const decision = decideRouting({ ...view, trigger: 'queue', subject, appointed_agents: appointed });
      if (decision.agent_id === undefined) continue;
      await repos.routing.record(helpdeskId, ticket.ticket_id, decision);
      await this.mover().assignQueued(repos, ticket.ticket_id, decision.agent_id, now);
      view = withAssignment(view, decision.agent_id, now);
      placed++;
    }
    return placed;
  }

  /** GET /kefu/v1/tickets/:ticket_id/routing: the ticket's decisions, oldest first. */
  async decisions(helpdesk: Helpdesk, ticketId: string): Promise<RoutingDecision[]> {
    const repos = this.store.repos;
    if (!(await repos.tickets.find(helpdesk.helpdesk_id, ticketId))) throw badField('ticket_id', 'no such ticket in this helpdesk', ticketId);
    return repos.routing.decisions(ticketId);
  }

  /**
   * Who would take a human ticket of this guest now (the console's check): the same decision over the same snapshot,
   * neither recorded nor applied.
   */
  async preview(helpdesk: Helpdesk, guest_id: string): Promise<RoutingDecision> {
    const repos = this.store.repos;
    const view = await helpdeskView(repos, helpdesk.helpdesk_id, this.clock.now());
    const { subject } = await repos.routing.subject({ ticket_id: '', guest_id, channel: 0 });
    return decideRouting({ ...view, trigger: 'start_service', subject });
  }

  mover(): TicketMover {
    if (!this.lifecycle) throw new Error('RoutingService.lifecycle is not set: the application wires it at start-up');
    return this.lifecycle;
  }
}

async function helpdeskView(repos: Repositories, helpdeskId: string, now: number): Promise<HelpdeskView> {
  const helpdesk = await repos.helpdesks.find(helpdeskId);
  return {
    at_ms: now,
    time_zone: helpdesk?.time_zone ?? 'Asia/Shanghai',
    max_open_tickets_per_agent: await repos.routing.maxOpenTicketsPerAgent(helpdeskId),
    skills: await repos.routing.skills(helpdeskId),
    agents: await repos.routing.agents(helpdeskId),
  };
}
