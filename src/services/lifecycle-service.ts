// The ticket lifecycle's rules across repositories (docs/lifecycle.md): starting a service, the human stage
// (routing's decision applied), closes, PUT tickets, and what routing calls back. Every method writes in one
// transaction through TicketWriter, so a refused request writes nothing and a committed one has its events.
import { applyAction, isOpen, type I18n, type TicketState, type TicketUpdate } from '../domain/ticket-lifecycle.js';
import type { RoutingTrigger } from '../domain/routing.js';
import type { Clock } from '../platform/clock.js';
import { ApiError, badField, errors } from '../platform/errors.js';
import type { Chat } from '../repositories/chats-repository.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Caller } from '../platform/credentials.js';
import type { RoutingService } from './routing-service.js';
import type { TicketFieldInput } from '../domain/customized-fields.js';
import { validateTicketCustomizedFields } from './customized-fields-service.js';
import type { Store } from './store.js';
import { writeInTurn } from './write-turns.js';
import { TicketWriter, type LiveTicket } from './ticket-writer.js';

export interface StartInput {
  guest_id: string;
  human_service?: boolean;
  appointed_agents?: string[];
  customized_info?: string;
  /** 9 for start_service (the Open API), 0 for a guest's own start. */
  channel: number;
}

export interface PutTicketInput extends Omit<TicketUpdate, 'comment' | 'customized_fields'> {
  comment?: string;
  /** As the caller names them; checked against the helpdesk's ticket customized fields. */
  customized_fields?: TicketFieldInput[];
}

export class LifecycleService {
  readonly writer = new TicketWriter();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly routing: RoutingService,
  ) {}

  /** Hook for the routing queue: runs inside the transaction after any ticket closes (an agent may be free). */
  set afterTicketClosed(fn: (repos: Repositories, helpdesk_id: string, now: number) => Promise<void>) {
    this.writer.afterTicketClosed = fn;
  }

  /** start_service and the guest's start: the guest's chat, and its open ticket or a new one. */
  async start(helpdesk: Helpdesk, input: StartInput): Promise<{ chat_id: string; ticket: LiveTicket }> {
    if (input.appointed_agents !== undefined && input.human_service !== true) {
      throw badField('appointed_agents', 'is only taken with human_service true', input.appointed_agents);
    }
    return this.routingWrite(input.human_service === true, helpdesk.helpdesk_id, async (repos) => {
      const now = this.clock.now();
      const guest = await repos.identities.findUser(input.guest_id);
      if (!guest || guest.tenant_key !== helpdesk.tenant_key) throw badField('open_id', 'no such user in this tenant', input.guest_id);
      if (input.appointed_agents) await this.checkAppointed(repos, helpdesk, input.appointed_agents);
      const chat = await this.writer.chatOf(repos, helpdesk.helpdesk_id, input.guest_id, now);
      const open = await this.writer.openTicket(repos, helpdesk.helpdesk_id, input.guest_id, now, chat);
      if (open) {
        const ticket = input.human_service && open.state.ticket_type === 1 ? await this.toHuman(repos, helpdesk, open, 'start_service', now, input.appointed_agents) : open;
        return { chat_id: chat.chat_id, ticket };
      }
      const ticket = await this.writer.create(repos, helpdesk, chat, { ...input, appointed_agent_ids: input.appointed_agents }, now, async (draft) =>
        input.human_service ? (await this.decideHuman(repos, draft, 'start_service', now, input.appointed_agents)) : draft.state,
      );
      return { chat_id: chat.chat_id, ticket };
    });
  }

  /** The guest's start through Kefu's API: the helpdesk must be of the guest's tenant. */
  async guestStart(caller: Caller, helpdesk_id: string, human_service?: boolean) {
    const helpdesk = await this.store.repos.helpdesks.find(helpdesk_id);
    if (!helpdesk || helpdesk.tenant_key !== caller.tenant_key) throw badField('helpdesk_id', 'no such helpdesk', helpdesk_id);
    return this.start(helpdesk, { guest_id: caller.open_id!, human_service, channel: 0 });
  }

  /** The guest asks for a human in their chat; a human ticket already stays as it is. */
  async transfer(caller: Caller, chat_id: string): Promise<{ ticket_id: string }> {
    return this.inGuestChat(caller, chat_id, async (repos, helpdesk, open, now) => {
      if (open.state.ticket_type === 2) return { ticket_id: open.row.ticket_id };
      const appointed = JSON.parse(open.life.appointed_agent_ids) as string[];
      await this.toHuman(repos, helpdesk, open, 'transfer', now, appointed.length > 0 ? appointed : undefined);
      return { ticket_id: open.row.ticket_id };
    });
  }

  async guestClose(caller: Caller, chat_id: string, score?: number, dissatisfaction_reason?: I18n): Promise<{ ticket_id: string }> {
    return this.inGuestChat(caller, chat_id, async (repos, helpdesk, open, now) => {
      await this.writer.apply(repos, helpdesk, open, { kind: 'guest_close', guest_id: caller.open_id!, score, dissatisfaction_reason }, now);
      return { ticket_id: open.row.ticket_id };
    });
  }

  /**
   * PUT tickets/:ticket_id: data only (no routing follows); the caller serves the helpdesk. Only a PUT that closes
   * the ticket takes the helpdesk's routing turn (its queue pass may place a ticket with the freed agent); one that
   * keeps it open (pending, processing) frees no agent and runs beside the helpdesk's other writes.
   */
  async update(helpdesk: Helpdesk, caller: Caller, ticket_id: string, input: PutTicketInput): Promise<void> {
    if (Object.values(input).every((v) => v === undefined)) throw badField('body', 'give at least one field to update');
    await this.routingWrite(input.status !== undefined && !isOpen(input.status), helpdesk.helpdesk_id, async (repos) => {
      const now = this.clock.now();
      await assertServes(repos, helpdesk, caller);
      const ticket = await this.writer.load(repos, helpdesk.helpdesk_id, ticket_id, now);
      const { comment, customized_fields, ...rest } = input;
      const fields = customized_fields === undefined ? undefined : await validateTicketCustomizedFields(repos, helpdesk.helpdesk_id, customized_fields);
      const changes: TicketUpdate = {
        ...rest,
        ...(fields === undefined ? {} : { customized_fields: fields }),
        ...(comment === undefined ? {} : { comment: await commentBy(repos, caller.open_id!, comment) }),
      };
      await this.writer.apply(repos, helpdesk, ticket, { kind: 'update', by: caller.open_id!, changes }, now);
    });
  }

  /** Routing places a queued ticket: status 3 -> 1 with the agent. In the caller's transaction. */
  async assignQueued(repos: Repositories, ticketId: string, agentId: string, now: number): Promise<void> {
    const { helpdesk, ticket } = await this.byId(repos, ticketId, now);
    await this.writer.apply(repos, helpdesk, ticket, { kind: 'assign_queued', agent_id: agentId }, now);
  }

  /** Routing's idle timer closes a silent bot-stage ticket (status 50). In the caller's transaction. */
  async closeIdleBotTicket(repos: Repositories, ticketId: string, now: number): Promise<void> {
    const { helpdesk, ticket } = await this.byId(repos, ticketId, now);
    await this.writer.apply(repos, helpdesk, ticket, { kind: 'bot_close' }, now);
  }

  private async byId(repos: Repositories, ticketId: string, now: number) {
    const helpdesk_id = await repos.ticketLives.helpdeskOf(ticketId);
    const helpdesk = helpdesk_id === undefined ? undefined : await repos.helpdesks.find(helpdesk_id);
    if (!helpdesk) throw badField('ticket_id', 'no such ticket', ticketId);
    return { helpdesk, ticket: await this.writer.load(repos, helpdesk.helpdesk_id, ticketId, now) };
  }

  /**
   * A write that may route or close a ticket waits for the helpdesk's earlier such writes in this process before it
   * takes a connection: routing decisions of a helpdesk take turns in the database anyway, and a burst of them
   * (200 guests starting at once) would otherwise hold every pooled connection while waiting (a 500 after 5 s).
   */
  private routingWrite<T>(routes: boolean, helpdesk_id: string, fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return routes ? writeInTurn(this.store, helpdesk_id, fn) : this.store.write(fn);
  }

  /** A guest's chat and its open ticket, for a change by the guest; the chat of anyone else is unknown. */
  private async inGuestChat<T>(caller: Caller, chat_id: string, fn: (repos: Repositories, helpdesk: Helpdesk, open: LiveTicket, now: number) => Promise<T>): Promise<T> {
    const known = await this.store.repos.chats.find(chat_id);
    return this.routingWrite(known !== undefined, known?.helpdesk_id ?? '', async (repos) => {
      const now = this.clock.now();
      const { chat, helpdesk } = await guestChat(repos, caller, chat_id);
      const open = await this.writer.openTicket(repos, helpdesk.helpdesk_id, chat.guest_id, now);
      if (!open) throw badField('chat_id', 'the chat has no open ticket', chat_id);
      return fn(repos, helpdesk, open, now);
    });
  }

  private async toHuman(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, trigger: RoutingTrigger, now: number, appointed?: string[]): Promise<LiveTicket> {
    const decision = await this.routing.decide(repos, t.row, trigger, now, appointed);
    const life = appointed ? { appointed_agent_ids: JSON.stringify(appointed) } : {};
    return this.writer.apply(repos, helpdesk, t, { kind: 'to_human', agent_id: decision.outcome === 'assigned' ? decision.agent_id : undefined }, now, life);
  }

  /** A new ticket's first routing: its state after it, with no event of its own (ticket.created_v1 carries it). */
  private async decideHuman(repos: Repositories, draft: LiveTicket, trigger: RoutingTrigger, now: number, appointed?: string[]): Promise<TicketState> {
    const decision = await this.routing.decide(repos, draft.row, trigger, now, appointed);
    const result = applyAction(draft.state, { kind: 'to_human', agent_id: decision.outcome === 'assigned' ? decision.agent_id : undefined }, now);
    if (!result.ok) throw badField(result.field, result.description);
    // The first routing is part of the creation, not an update of it.
    return { ...result.ticket, updated_at: -1 };
  }

  private async checkAppointed(repos: Repositories, helpdesk: Helpdesk, ids: readonly string[]): Promise<void> {
    const agents = new Map((await repos.agents.listByHelpdesk(helpdesk.helpdesk_id)).map((a) => [a.open_id, a]));
    ids.forEach((id, i) => {
      const agent = agents.get(id);
      if (!agent || agent.status === 4) throw badField(`appointed_agents[${i}]`, 'is not an agent of this helpdesk', id);
    });
  }
}

/** The guest's own chat and its helpdesk; any other chat id is unknown (another guest's, another tenant's). */
export async function guestChat(repos: Repositories, caller: Caller, chat_id: string): Promise<{ chat: Chat; helpdesk: Helpdesk }> {
  const chat = await repos.chats.find(chat_id);
  const helpdesk = chat && chat.guest_id === caller.open_id ? await repos.helpdesks.find(chat.helpdesk_id) : undefined;
  if (!chat || !helpdesk || helpdesk.tenant_key !== caller.tenant_key) throw badField('chat_id', 'no such chat', chat_id);
  return { chat, helpdesk };
}

/** PUT tickets and agent replies: an agent of the helpdesk who is not removed, an admin, or the owner. */
export async function assertServes(repos: Repositories, helpdesk: Helpdesk, caller: Caller): Promise<void> {
  const open_id = caller.open_id!;
  const isAdmin = helpdesk.owner_open_id === open_id || helpdesk.admin_open_ids.includes(open_id);
  const agent = isAdmin ? undefined : await repos.agents.find(helpdesk.helpdesk_id, open_id);
  if (!isAdmin && (!agent || agent.status === 4)) {
    throw new ApiError(errors.noAccess, { detail: 'the user is not an agent, an admin or the owner of this helpdesk' });
  }
}

/** A PUT's comment with its author's name and avatar (read only when a PUT comments). */
async function commentBy(repos: Repositories, open_id: string, text: string) {
  const user = await repos.identities.findUser(open_id);
  return { text, author_name: user?.name ?? '', author_avatar_url: user?.avatar_url ?? '' };
}
