// What routing reads to decide (the helpdesk's agents with their open tickets and last assignments, the guest's
// attributes, the queue) and what it writes: each decision and each agent's last assignment.
import { PostgresAdapter, sql } from 'kysely';
import type { RoutingAgent, RoutingDecision, RoutingSkill, RoutingSubject } from '../domain/routing.js';
import type { SkillRule } from '../domain/skill-rules.js';
import type { ScheduleSlot } from '../domain/schedule.js';
import type { StoredAgentStatus } from '../domain/schedule-status.js';
import { parseJson, type Executor } from './executor.js';
import { rowLocksApply } from './skills-repository.js';
import { prepared } from './prepared.js';

/** A helpdesk without a settings row has lifecycle.md's defaults. */
export const DEFAULT_BOT_IDLE_CLOSE_S = 600;

export interface QueuedTicket {
  ticket_id: string;
  guest_id: string;
  channel: number;
}

export interface OpenBotTicket {
  ticket_id: string;
  helpdesk_id: string;
  /** When the ticket last heard anything: its last message, or its creation. */
  quiet_since: number;
  bot_idle_close_s: number;
}

function postgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const rulesByText = new Map<string, SkillRule[]>();
const MAX_RULE_TEXTS = 10_000;

/** Parsed rules, the same objects for the same text (never mutated: routing only reads them). */
function sharedRules(text: string): SkillRule[] {
  let rules = rulesByText.get(text);
  if (!rules) {
    if (rulesByText.size >= MAX_RULE_TEXTS) rulesByText.clear();
    rules = parseJson<SkillRule[]>(text, []);
    rulesByText.set(text, rules);
  }
  return rules;
}

// Literal predicates (never bound parameters): SQLite and PostgreSQL use a partial index only when the query's
// WHERE visibly implies the index's own (tickets_open_by_owner, tickets_queued, tickets_open_bot in 0006-routing-decisions.ts).
const OPEN_OWNED = sql<boolean>`tickets.status in (1, 2, 4, 5)`;
const QUEUED = sql<boolean>`tickets.status = 3`;
const OPEN_BOT = sql<boolean>`tickets.ticket_type = 1 and tickets.status <= 5`;

// Every decision and every queue pass (after each close) reads these: compiled once (prepared.ts).
type ByHelpdesk = { helpdesk_id: string };
const agentsOf = prepared<ByHelpdesk, { open_id: string; status: number; schedule: string | null }>((db, v) =>
  db.selectFrom('agents').select(['open_id', 'status', 'schedule']).where('helpdesk_id', '=', v.helpdesk_id).orderBy('open_id'),
);
const openTicketsByOwner = prepared<ByHelpdesk, { agent_owner_id: string | null; n: number }>((db, v) =>
  db
    .selectFrom('tickets')
    .select(['agent_owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('helpdesk_id', '=', v.helpdesk_id)
    .where('agent_owner_id', 'is not', null)
    .where(OPEN_OWNED)
    .groupBy('agent_owner_id'),
);
const agentTurns = prepared<ByHelpdesk, { agent_id: string; last_assigned_at: number }>((db, v) =>
  db.selectFrom('routing_agent_turns').select(['agent_id', 'last_assigned_at']).where('helpdesk_id', '=', v.helpdesk_id),
);
const skillsOf = prepared<ByHelpdesk, { id: string; is_default: number; rules: string }>((db, v) =>
  db.selectFrom('skills').select(['id', 'is_default', 'rules']).where('helpdesk_id', '=', v.helpdesk_id).orderBy('created_at').orderBy('id'),
);
// One row per skill with its members joined by commas (open_ids have none): a helpdesk of 500 agents has
// thousands of memberships, and a row each costs more than the rest of the decision.
const skillMembers = prepared<ByHelpdesk, { skill_id: string; agent_ids: string }>((db, v) =>
  db
    .selectFrom('skill_agents')
    .select(['skill_id', (postgres(db) ? sql<string>`string_agg(agent_id, ',')` : sql<string>`group_concat(agent_id, ',')`).as('agent_ids')])
    .where('skill_id', 'in', (eb) => eb.selectFrom('skills').select('id').where('helpdesk_id', '=', v.helpdesk_id))
    .groupBy('skill_id'),
);
const queuedTickets = prepared<ByHelpdesk, QueuedTicket>((db, v) =>
  db
    .selectFrom('tickets')
    // Only tickets the lifecycle runs: history loaded by a fixture or kefu generate stays as it was loaded.
    .innerJoin('ticket_lives', 'ticket_lives.ticket_id', 'tickets.ticket_id')
    .innerJoin('chats', 'chats.chat_id', 'ticket_lives.chat_id')
    .select(['tickets.ticket_id', 'tickets.guest_id', 'tickets.channel'])
    .where('tickets.helpdesk_id', '=', v.helpdesk_id)
    .where(QUEUED)
    .orderBy('tickets.agent_entry_time')
    .orderBy('tickets.ticket_id')
    .$if(rowLocksApply(db), (qb) => qb.forUpdate(['chats', 'tickets']).skipLocked()),
);
const guestAttributes = prepared<{ open_id: string }, { city: string; language: string; department_id: string; level: number }>((db, v) =>
  db.selectFrom('users').select(['city', 'language', 'department_id', 'level']).where('open_id', '=', v.open_id),
);
const ticketRoutingLife = prepared<{ ticket_id: string }, { faq_categories: string; appointed_agent_ids: string }>((db, v) =>
  db.selectFrom('ticket_lives').select(['faq_categories', 'appointed_agent_ids']).where('ticket_id', '=', v.ticket_id),
);
const insertDecision = prepared<{ helpdesk_id: string; ticket_id: string; at_ms: number; decision: string }, never>((db, v) =>
  db.insertInto('routing_decisions').values({ helpdesk_id: v.helpdesk_id, ticket_id: v.ticket_id, at_ms: v.at_ms, decision: v.decision }),
);
const upsertTurn = prepared<{ helpdesk_id: string; agent_id: string; last_assigned_at: number }, never>((db, v) =>
  db
    .insertInto('routing_agent_turns')
    .values({ helpdesk_id: v.helpdesk_id, agent_id: v.agent_id, last_assigned_at: v.last_assigned_at })
    .onConflict((oc) => oc.columns(['helpdesk_id', 'agent_id']).doUpdateSet({ last_assigned_at: v.last_assigned_at })),
);

export class RoutingRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Makes the routing decisions of one helpdesk take turns until the transaction ends, across processes: a decision
   * reads every agent's open tickets, and two made side by side would both see the same agent under its cap.
   * SQLite runs one write transaction at a time already; PostgreSQL takes a transaction-scoped advisory lock (not a
   * row lock, which would also block the inserts that reference the helpdesk row).
   */
  async takeTurn(helpdesk_id: string): Promise<void> {
    if (!rowLocksApply(this.db)) return;
    await sql`select pg_advisory_xact_lock(hashtext(${`kefu:routing:${helpdesk_id}`}))`.execute(this.db);
  }

  /** Every agent of the helpdesk with what the pick rule and the cap look at. */
  async agents(helpdesk_id: string): Promise<RoutingAgent[]> {
    const rows = await agentsOf.execute(this.db, { helpdesk_id });
    const open = await openTicketsByOwner.execute(this.db, { helpdesk_id });
    const turns = await agentTurns.execute(this.db, { helpdesk_id });
    const openBy = new Map(open.map((r) => [r.agent_owner_id as string, Number(r.n)]));
    const lastBy = new Map(turns.map((r) => [r.agent_id, Number(r.last_assigned_at)]));
    return rows.map((r) => ({
      open_id: r.open_id,
      status: r.status as StoredAgentStatus,
      schedule: parseJson<ScheduleSlot[] | null>(r.schedule, null),
      open_tickets: openBy.get(r.open_id) ?? 0,
      last_assigned_at: lastBy.get(r.open_id) ?? 0,
    }));
  }

  /**
   * The helpdesk's skills in listing order with their rules and members. A skill's rules are parsed once per
   * distinct text and shared, so the rule evaluator's memory of parsed operands holds across decisions.
   */
  async skills(helpdesk_id: string): Promise<RoutingSkill[]> {
    const rows = await skillsOf.execute(this.db, { helpdesk_id });
    const members = await skillMembers.execute(this.db, { helpdesk_id });
    const bySkill = new Map(members.map((m) => [m.skill_id, m.agent_ids.split(',')]));
    return rows.map((r) => ({ id: r.id, is_default: Boolean(r.is_default), rules: sharedRules(r.rules), agent_ids: bySkill.get(r.id) ?? [] }));
  }

  async maxOpenTicketsPerAgent(helpdesk_id: string): Promise<number> {
    const row = await this.db.selectFrom('helpdesk_settings').select('max_open_tickets_per_agent').where('helpdesk_id', '=', helpdesk_id).executeTakeFirst();
    return row?.max_open_tickets_per_agent ?? 0;
  }

  /** The guest's attributes and the FAQ categories the ticket touched; the ticket's appointed agents, if any. */
  async subject(ticket: { ticket_id: string; guest_id: string; channel: number }): Promise<{ subject: RoutingSubject; appointed: string[] }> {
    const user = await guestAttributes.first(this.db, { open_id: ticket.guest_id });
    const life = await ticketRoutingLife.first(this.db, { ticket_id: ticket.ticket_id });
    return {
      subject: {
        city: user?.city ?? '',
        language: user?.language ?? '',
        department_id: user?.department_id ?? '',
        level: Number(user?.level ?? 0),
        // Rule 9: 1 (server) for tickets opened through the Open API (channel 9), 0 (client) otherwise.
        source: ticket.channel === 9 ? 1 : 0,
        faq_categories: parseJson<string[]>(life?.faq_categories ?? null, []),
        user_id: ticket.guest_id,
      },
      appointed: parseJson<string[]>(life?.appointed_agent_ids ?? null, []),
    };
  }

  async record(helpdesk_id: string, ticket_id: string, decision: RoutingDecision): Promise<void> {
    await insertDecision.execute(this.db, { helpdesk_id, ticket_id, at_ms: decision.at_ms, decision: JSON.stringify(decision) });
    if (decision.agent_id === undefined) return;
    await upsertTurn.execute(this.db, { helpdesk_id, agent_id: decision.agent_id, last_assigned_at: decision.at_ms });
  }

  /** The ticket's decisions, oldest first. */
  async decisions(ticket_id: string): Promise<RoutingDecision[]> {
    const rows = await this.db.selectFrom('routing_decisions').select('decision').where('ticket_id', '=', ticket_id).orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.decision) as RoutingDecision);
  }

  /**
   * The queue in the order it is served: by agent_entry_time, then ticket_id. On PostgreSQL each ticket's chat and
   * row (the locks a lifecycle change takes, in that order) stay locked until the transaction ends, and a ticket
   * whose chat or row another transaction holds (a guest writing or closing) is left for the next pass: waiting for
   * it while holding the routing turn could wait in a circle.
   */
  async queued(helpdesk_id: string): Promise<QueuedTicket[]> {
    return queuedTickets.execute(this.db, { helpdesk_id });
  }

  /** The agents' schedules of the helpdesks that have a queue (a slot starting there may place a queued ticket). */
  async schedulesOfQueuedHelpdesks(): Promise<{ helpdesk_id: string; time_zone: string; schedules: ScheduleSlot[][] }[]> {
    const rows = await this.db
      .selectFrom('agents')
      .innerJoin('helpdesks', 'helpdesks.helpdesk_id', 'agents.helpdesk_id')
      .select(['agents.helpdesk_id', 'helpdesks.time_zone', 'agents.schedule'])
      .where('agents.helpdesk_id', 'in', (eb) =>
        eb.selectFrom('tickets').innerJoin('ticket_lives', 'ticket_lives.ticket_id', 'tickets.ticket_id').select('tickets.helpdesk_id').where(QUEUED),
      )
      .where('agents.status', '=', 1)
      .where('agents.schedule', 'is not', null)
      .orderBy('agents.helpdesk_id')
      .execute();
    const out = new Map<string, { helpdesk_id: string; time_zone: string; schedules: ScheduleSlot[][] }>();
    for (const r of rows) {
      const entry = out.get(r.helpdesk_id) ?? { helpdesk_id: r.helpdesk_id, time_zone: r.time_zone, schedules: [] };
      entry.schedules.push(parseJson<ScheduleSlot[]>(r.schedule, []));
      out.set(r.helpdesk_id, entry);
    }
    return [...out.values()];
  }

  /** Open bot-stage tickets the lifecycle runs, with how long each may stay silent. */
  async openBotTickets(): Promise<OpenBotTicket[]> {
    return (await this.openBotTicketQuery().execute()).map(toOpenBotTicket);
  }

  /**
   * The ticket, locked until the transaction ends, if it is still an open bot-stage ticket. Its chat is locked
   * first, as every lifecycle change locks them (chat, then ticket), so an idle close and a guest's message take turns.
   */
  async lockOpenBotTicket(ticket_id: string): Promise<OpenBotTicket | undefined> {
    if (rowLocksApply(this.db)) {
      await this.db
        .selectFrom('chats')
        .select('chats.chat_id')
        .where('chats.chat_id', 'in', (eb) => eb.selectFrom('ticket_lives').select('ticket_lives.chat_id').where('ticket_lives.ticket_id', '=', ticket_id))
        .forUpdate()
        .execute();
    }
    const row = await this.openBotTicketQuery()
      .where('tickets.ticket_id', '=', ticket_id)
      .$if(rowLocksApply(this.db), (qb) => qb.forUpdate('tickets'))
      .executeTakeFirst();
    return row && toOpenBotTicket(row);
  }

  private openBotTicketQuery() {
    return this.db
      .selectFrom('tickets')
      .innerJoin('ticket_lives', 'ticket_lives.ticket_id', 'tickets.ticket_id')
      .leftJoin('helpdesk_settings', 'helpdesk_settings.helpdesk_id', 'tickets.helpdesk_id')
      .select(['tickets.ticket_id', 'tickets.helpdesk_id', 'tickets.created_at', 'ticket_lives.last_message_at', 'helpdesk_settings.bot_idle_close_s'])
      .where(OPEN_BOT);
  }
}

function toOpenBotTicket(r: { ticket_id: string; helpdesk_id: string; created_at: number; last_message_at: number; bot_idle_close_s: number | null }): OpenBotTicket {
  return {
    ticket_id: r.ticket_id,
    helpdesk_id: r.helpdesk_id,
    quiet_since: Math.max(Number(r.created_at), Number(r.last_message_at)),
    bot_idle_close_s: r.bot_idle_close_s ?? DEFAULT_BOT_IDLE_CLOSE_S,
  };
}
