// How a lifecycle change reaches the database: load a ticket for a change (its chat and row locked), run the
// state machine, write the ticket with its derived rows and its lifecycle row, and add the events, all in the
// caller's transaction. Shared by LifecycleService and MessagesService.
import { applyAction, isOpen, newTicket, type TicketAction, type TicketState } from '../domain/ticket-lifecycle.js';
import { EVENT_TYPES, messageCreatedEvent, ticketObject, ticketUpdatedEvent, type MessageSnapshot } from '../events/ticket-events.js';
import { newChatId, newMessageEventId, newMessageId, newNumericId } from '../events/ids.js';
import { addEvent } from '../events/outbox.js';
import { badField } from '../platform/errors.js';
import { assertImagesKept } from './images-service.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { TicketLife, TicketWithLife } from '../repositories/ticket-lives-repository.js';
import type { TicketRow } from '../repositories/tickets-repository.js';
import type { Chat } from '../repositories/chats-repository.js';

/** A ticket loaded for a change. */
export interface LiveTicket {
  row: TicketRow;
  life: TicketLife;
  state: TicketState;
  /** The guest's tags (ticket_guests.tags) when read with the ticket; undefined has the write read them. */
  guestTags?: string | null;
  /** `life` is the stored lifecycle row (a ticket loaded as history has none until its first change writes it). */
  lifeStored?: boolean;
}

export interface NewMessage {
  msg_type: string;
  /** The IM content object. */
  content: Record<string, unknown>;
  text: string;
}

export function toState(row: TicketRow, life: TicketLife): TicketState {
  return {
    status: row.status, ticket_type: row.ticket_type, agent_ids: JSON.parse(row.agent_ids), agent_owner_id: row.agent_owner_id,
    closed_by_id: row.closed_by_id, score: row.score, solve: row.solve, channel: row.channel, created_at: row.created_at,
    updated_at: row.updated_at, closed_at: row.closed_at, agent_entry_time: row.agent_entry_time,
    agent_first_response_time: row.agent_first_response_time, agent_last_response_time: row.agent_last_response_time,
    pending_seconds: row.pending_seconds, pending_since: life.pending_since, tag_names: JSON.parse(row.tag_names),
    comments: row.comments === null ? null : JSON.parse(row.comments),
    dissatisfaction_reason: row.dissatisfaction_reason === null ? null : JSON.parse(row.dissatisfaction_reason),
    customized_fields: JSON.parse(row.customized_fields), message_count: life.message_count, last_message_at: life.last_message_at,
  };
}

function toRow(base: Pick<TicketRow, 'ticket_id' | 'helpdesk_id' | 'guest_id' | 'collaborator_ids'>, s: TicketState): TicketRow {
  return {
    ...base, agent_owner_id: s.agent_owner_id, closed_by_id: s.closed_by_id, ticket_type: s.ticket_type, status: s.status,
    score: s.score, solve: s.solve, channel: s.channel, created_at: s.created_at, updated_at: s.updated_at, closed_at: s.closed_at,
    agent_entry_time: s.agent_entry_time, agent_first_response_time: s.agent_first_response_time,
    agent_last_response_time: s.agent_last_response_time, pending_seconds: s.pending_seconds, agent_ids: JSON.stringify(s.agent_ids),
    tag_names: JSON.stringify(s.tag_names), comments: s.comments === null ? null : JSON.stringify(s.comments),
    dissatisfaction_reason: s.dissatisfaction_reason === null ? null : JSON.stringify(s.dissatisfaction_reason),
    customized_fields: JSON.stringify(s.customized_fields),
  };
}

const lifeOf = (row: TicketRow, chat_id: string, s: Pick<TicketState, 'message_count' | 'last_message_at' | 'pending_since'>, previous?: TicketLife): TicketLife => ({
  ticket_id: row.ticket_id,
  helpdesk_id: row.helpdesk_id,
  chat_id,
  customized_info: previous?.customized_info ?? null,
  appointed_agent_ids: previous?.appointed_agent_ids ?? '[]',
  faq_categories: previous?.faq_categories ?? '[]',
  message_count: s.message_count,
  last_message_at: s.last_message_at,
  pending_since: s.pending_since,
});

const LIFE_COLUMNS = ['ticket_id', 'helpdesk_id', 'chat_id', 'customized_info', 'appointed_agent_ids', 'faq_categories', 'message_count', 'last_message_at', 'pending_since'] as const satisfies readonly (keyof TicketLife)[];

function sameLife(a: TicketLife, b: TicketLife): boolean {
  return LIFE_COLUMNS.every((c) => a[c] === b[c]);
}

function messageSnapshot(chat_id: string, position: number, sender_type: number, sender_id: string | null, m: NewMessage): MessageSnapshot {
  return {
    ticket_message_id: newNumericId(), message_id: newMessageId(), event_id: newMessageEventId(), chat_id, position, sender_type, sender_id,
    msg_type: m.msg_type, content: m.content, text: m.text,
  };
}

export class TicketWriter {
  /** Called inside the transaction after a ticket closes, when an agent may have become free (routing's queue). */
  afterTicketClosed: (repos: Repositories, helpdesk_id: string, now: number) => Promise<void> = async () => {};
  /**
   * Called inside the transaction before a closing ticket is written: routing takes its turn there, before this
   * transaction holds the count rows every ticket write touches, which a queue pass holding the turn may need.
   */
  beforeTicketClosed: (repos: Repositories, helpdesk_id: string) => Promise<void> = async () => {};

  /** The guest's service chat (made on first use), locked for the change. */
  chatOf(repos: Repositories, helpdesk_id: string, guest_id: string, now: number): Promise<Chat> {
    return repos.chats.lockOrCreate(helpdesk_id, guest_id, 'service', newChatId(), now);
  }

  /** A ticket of the helpdesk loaded for a change (forChange). Another helpdesk's ticket is as unknown as a missing one. */
  async load(repos: Repositories, helpdesk_id: string, ticket_id: string, now: number): Promise<LiveTicket> {
    const found = await repos.ticketLives.findWithLife(helpdesk_id, ticket_id);
    if (!found) throw badField('ticket_id', 'no such ticket in this helpdesk', ticket_id);
    return this.forChange(repos, found, now);
  }

  /**
   * The guest's open ticket in the helpdesk, loaded for a change; undefined when there is none. `lockedChat` is the
   * guest's service chat when the caller has locked it already.
   */
  async openTicket(repos: Repositories, helpdesk_id: string, guest_id: string, now: number, lockedChat?: Chat): Promise<LiveTicket | undefined> {
    const found = await repos.ticketLives.openTicketWithLife(helpdesk_id, guest_id);
    return found === undefined ? undefined : this.forChange(repos, found, now, lockedChat);
  }

  /**
   * A ticket read for a change, locked: its guest's chat first (every change to a guest's tickets takes that lock,
   * so two changes never interleave), then its row, read again with its lifecycle row under the lock. Where the
   * database has no row locks (SQLite) both cost nothing and what was read stands. A ticket loaded as history gets
   * its chat (made on first use) and its lifecycle row here.
   */
  private async forChange(repos: Repositories, found: TicketWithLife, now: number, lockedChat?: Chat): Promise<LiveTicket> {
    const { helpdesk_id, guest_id } = found.row;
    let chat_id = lockedChat?.chat_id ?? found.life?.chat_id;
    if (chat_id === undefined) chat_id = (await this.chatOf(repos, helpdesk_id, guest_id, now)).chat_id;
    else if (lockedChat === undefined) await repos.chats.lock(chat_id);
    const { row, life, guestTags } = (await repos.ticketLives.lockWithLife(found))!;
    const live = life ?? lifeOf(row, chat_id, { message_count: 0, last_message_at: Math.max(row.created_at, row.updated_at), pending_since: row.status === 4 ? now : 0 });
    return { row, life: live, state: toState(row, live), guestTags, lifeStored: life !== undefined };
  }

  /** A new ticket in the guest's chat, written with its derived rows; `shape` makes it human (routing's outcome) before it is stored. */
  async create(
    repos: Repositories,
    helpdesk: Helpdesk,
    chat: Chat,
    start: { channel: number; customized_info?: string; appointed_agent_ids?: string[] },
    now: number,
    shape: (t: LiveTicket) => Promise<TicketState>,
  ): Promise<LiveTicket> {
    const guest = await repos.identities.findUser(chat.guest_id);
    const base = { ticket_id: newNumericId(), helpdesk_id: helpdesk.helpdesk_id, guest_id: chat.guest_id, collaborator_ids: '[]' };
    const initial = newTicket(now, start.channel);
    const draftRow = toRow(base, initial);
    const life: TicketLife = {
      ...lifeOf(draftRow, chat.chat_id, initial),
      customized_info: start.customized_info ?? null,
      appointed_agent_ids: JSON.stringify(start.appointed_agent_ids ?? []),
    };
    const state = await shape({ row: draftRow, life, state: initial });
    const row = toRow(base, state);
    await repos.tickets.insertMany([
      { ticket: row, agents: state.agent_ids, tags: state.tag_names, guest: { name: guest?.name ?? '', tags: guest ? (JSON.parse(guest.tags) as string[]) : [] } },
    ]);
    const created = { row, life: lifeOf(row, chat.chat_id, state, life), state, lifeStored: true };
    await repos.ticketLives.upsert(created.life);
    await this.ticketEvent(repos, helpdesk, created, EVENT_TYPES.ticketCreated, now);
    return created;
  }

  /** Runs the state machine on a loaded ticket and writes the result; a refusal is the 400 naming the field. */
  async apply(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, action: TicketAction, now: number, life: Partial<TicketLife> = {}): Promise<LiveTicket> {
    const result = applyAction(t.state, action, now);
    if (!result.ok) throw badField(result.field, result.description, result.field === 'ticket_id' ? t.row.ticket_id : undefined);
    const row = toRow(t.row, result.ticket);
    const next: LiveTicket = { row, life: { ...lifeOf(row, t.life.chat_id, result.ticket, t.life), ...life }, state: result.ticket, guestTags: t.guestTags, lifeStored: true };
    if (isOpen(t.state.status) && !isOpen(next.state.status)) await this.beforeTicketClosed(repos, helpdesk.helpdesk_id);
    await repos.tickets.replace(t.row, row, t.guestTags);
    // A PUT or a close moves no message count and often no pending time: its stored lifecycle row stays as it is.
    if (!t.lifeStored || !sameLife(t.life, next.life)) await repos.ticketLives.upsert(next.life);
    if (result.updated) await this.ticketEvent(repos, helpdesk, next, EVENT_TYPES.ticketUpdated, now, result.updated);
    if (isOpen(t.state.status) && !isOpen(next.state.status)) await this.afterTicketClosed(repos, helpdesk.helpdesk_id, now);
    return next;
  }

  /** A message in the ticket: the state machine's message action, the stored message, and its event. */
  async postInTicket(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, action: TicketAction, sender_id: string | null, m: NewMessage, now: number) {
    const sender_type = action.kind === 'guest_message' ? 2 : action.kind === 'agent_message' ? 3 : 1;
    const result = applyAction(t.state, action, now);
    if (!result.ok) throw badField(result.field, result.description, t.row.ticket_id);
    await assertImagesKept(repos, helpdesk.tenant_key, m.msg_type, m.content);
    const snapshot = await this.storeMessage(repos, helpdesk.helpdesk_id, t.life.chat_id, t.row.ticket_id, result.ticket.message_count, sender_type, sender_id, m, now);
    await addEvent(repos, {
      event_type: EVENT_TYPES.messageCreated, tenant_key: helpdesk.tenant_key, helpdesk_id: helpdesk.helpdesk_id, ticket_id: t.row.ticket_id,
      create_time: now, event: messageCreatedEvent(snapshot, { ticket_id: t.row.ticket_id, status: result.ticket.status, ticket_type: result.ticket.ticket_type }),
    });
    const next = await this.apply(repos, helpdesk, t, action, now);
    return { ticket: next, message: snapshot };
  }

  /** A message outside any ticket (a bot message to a chat with no open ticket): stored, no event. */
  postOutsideTicket(repos: Repositories, helpdesk_id: string, chat_id: string, m: NewMessage, now: number): Promise<MessageSnapshot> {
    return this.storeMessage(repos, helpdesk_id, chat_id, null, 0, 1, null, m, now);
  }

  /** The same message, outside any ticket, into each of many chats at once (a notification's send). */
  async postOutsideTicketToMany(repos: Repositories, helpdesk_id: string, chat_ids: readonly string[], m: NewMessage, now: number): Promise<MessageSnapshot[]> {
    const snapshots = chat_ids.map((chat_id) => messageSnapshot(chat_id, 0, 1, null, m));
    await repos.messages.insertMany(snapshots.map((snapshot) => ({ ...snapshot, helpdesk_id, ticket_id: null, content: JSON.stringify(m.content), created_at: now })));
    return snapshots;
  }

  private async storeMessage(
    repos: Repositories, helpdesk_id: string, chat_id: string, ticket_id: string | null, position: number,
    sender_type: number, sender_id: string | null, m: NewMessage, now: number,
  ): Promise<MessageSnapshot> {
    const snapshot = messageSnapshot(chat_id, position, sender_type, sender_id, m);
    await repos.messages.insert({ ...snapshot, helpdesk_id, ticket_id, content: JSON.stringify(m.content), created_at: now });
    return snapshot;
  }

  private async ticketEvent(repos: Repositories, helpdesk: Helpdesk, t: LiveTicket, type: string, now: number, old?: { status?: number; stage?: number; updated_at: number }) {
    const ids = [t.row.guest_id, ...t.state.agent_ids, ...(t.state.closed_by_id ? [t.state.closed_by_id] : [])];
    const names = new Map((await repos.identities.findUsers(helpdesk.tenant_key, ids)).map((u) => [u.open_id, u.name]));
    const object = ticketObject({ ...t.row, agent_ids: t.state.agent_ids, chat_id: t.life.chat_id }, (id) => names.get(id) ?? '-');
    await addEvent(repos, {
      event_type: type, tenant_key: helpdesk.tenant_key, helpdesk_id: helpdesk.helpdesk_id, ticket_id: t.row.ticket_id, create_time: now,
      event: old ? ticketUpdatedEvent(object, old) : object,
    });
  }
}
