// The ticket state machine (docs/lifecycle.md): given a ticket, an action and "now", the ticket after it and
// whether ticket.updated_v1 fires, or a refusal naming the field at fault. No I/O: the service loads the ticket,
// applies this, and writes what it answers; the model-based test runs the same rules against its own model.

import { mergeTicketFieldValues, type TicketFieldValue } from './customized-fields.js';

export const OPEN_STATUSES = [1, 2, 3, 4, 5] as const;
export const CLOSED_BY = { bot: 50, agent: 51, guest: 52 } as const;
export const BOT_STAGE = 1;
export const HUMAN_STAGE = 2;

export interface I18n {
  zh_cn?: string;
  en_us?: string;
  ja_jp?: string;
}

/** Seed 003's comment object: Kefu keeps every comment in `content`, one line each, and the latest author. */
export interface TicketComments {
  content: string;
  created_at: number;
  id: number;
  user_avatar_url: string;
  user_name: string;
  user_id: number;
}

/** A customized-field value as the ticket holds and answers it: one definition, in customized-fields.ts. */
export type CustomizedFieldValue = TicketFieldValue;

export interface TicketState {
  status: number;
  /** The stage: 1 bot, 2 human. */
  ticket_type: number;
  agent_ids: string[];
  agent_owner_id: string | null;
  closed_by_id: string | null;
  score: number;
  solve: number;
  channel: number;
  created_at: number;
  /** -1 until a field of the ticket first changes. */
  updated_at: number;
  closed_at: number;
  agent_entry_time: number;
  agent_first_response_time: number;
  agent_last_response_time: number;
  pending_seconds: number;
  /** When the ticket entered status 4; 0 when it is not pending. */
  pending_since: number;
  tag_names: string[];
  comments: TicketComments | null;
  dissatisfaction_reason: I18n | null;
  customized_fields: CustomizedFieldValue[];
  /** Messages so far (the next message's position is this plus one) and the last one's time. */
  message_count: number;
  last_message_at: number;
}

export interface TicketUpdate {
  status?: number;
  tag_names?: string[];
  comment?: { text: string; author_name: string; author_avatar_url: string };
  customized_fields?: CustomizedFieldValue[];
  ticket_type?: number;
  solved?: number;
  channel?: number;
}

export type TicketAction =
  | { kind: 'guest_message' }
  | { kind: 'agent_message'; agent_id: string }
  | { kind: 'bot_message' }
  /** The ticket reaches the human stage; agent_id is routing's pick, absent when it queued the ticket. */
  | { kind: 'to_human'; agent_id?: string }
  /** A queued ticket gets the agent routing found for it. */
  | { kind: 'assign_queued'; agent_id: string }
  | { kind: 'guest_close'; guest_id: string; score?: number; dissatisfaction_reason?: I18n }
  | { kind: 'agent_close'; agent_id: string }
  | { kind: 'bot_close' }
  | { kind: 'update'; by: string; changes: TicketUpdate };

/** ticket.updated_v1's old_object: only what changed (status, stage), with the time before. */
export interface OldObject {
  status?: number;
  stage?: number;
  updated_at: number;
}

export type Transition = { ok: true; ticket: TicketState; updated?: OldObject } | { ok: false; field: string; description: string };

export const isOpen = (status: number): boolean => status >= 1 && status <= 5;

/** A ticket as it starts: a bot-stage ticket, or a human one that routing then assigns or queues ('to_human'). */
export function newTicket(now: number, channel: number): TicketState {
  return {
    status: 1, ticket_type: BOT_STAGE, agent_ids: [], agent_owner_id: null, closed_by_id: null, score: 0, solve: 1, channel,
    created_at: now, updated_at: -1, closed_at: 0, agent_entry_time: 0, agent_first_response_time: 0, agent_last_response_time: 0,
    pending_seconds: 0, pending_since: 0, tag_names: [], comments: null, dissatisfaction_reason: null, customized_fields: [],
    message_count: 0, last_message_at: now,
  };
}

const refuse = (field: string, description: string): Transition => ({ ok: false, field, description });

export function applyAction(t: TicketState, action: TicketAction, now: number): Transition {
  if (!isOpen(t.status) && action.kind !== 'update') return refuse('ticket_id', `the ticket is closed (status ${t.status}): it takes no more messages or changes`);
  switch (action.kind) {
    case 'guest_message':
      return changed(t, { ...message(t, now), ...(t.status === 5 ? withStatus(t, 2, now) : {}) }, now);
    case 'bot_message':
      return changed(t, message(t, now), now);
    case 'agent_message': {
      if (t.ticket_type !== HUMAN_STAGE) return refuse('ticket_id', 'the ticket is in the bot stage: no agent serves it yet');
      const next: Partial<TicketState> = {
        ...message(t, now),
        agent_ids: withAgent(t.agent_ids, action.agent_id),
        agent_owner_id: t.agent_owner_id ?? action.agent_id,
        agent_last_response_time: now,
      };
      // The first answer of a new or queued ticket puts it in progress.
      if (t.status === 1 || t.status === 3) Object.assign(next, withStatus(t, 2, now));
      if (t.agent_first_response_time === 0) next.agent_first_response_time = now;
      return changed(t, next, now);
    }
    case 'to_human': {
      if (t.ticket_type === HUMAN_STAGE) return refuse('ticket_id', 'the ticket is already served by a human');
      const next: Partial<TicketState> = { ticket_type: HUMAN_STAGE, agent_entry_time: now };
      if (action.agent_id) Object.assign(next, { ...withStatus(t, 1, now), agent_ids: withAgent(t.agent_ids, action.agent_id), agent_owner_id: action.agent_id });
      else Object.assign(next, withStatus(t, 3, now));
      return changed(t, next, now);
    }
    case 'assign_queued':
      if (t.status !== 3) return refuse('ticket_id', `the ticket is not queued (status ${t.status})`);
      return changed(t, { ...withStatus(t, 1, now), agent_ids: withAgent(t.agent_ids, action.agent_id), agent_owner_id: action.agent_id }, now);
    case 'guest_close':
      return changed(t, {
        ...closing(t, CLOSED_BY.guest, action.guest_id, now),
        ...(action.score === undefined ? {} : { score: action.score }),
        ...(action.dissatisfaction_reason === undefined ? {} : { dissatisfaction_reason: action.dissatisfaction_reason }),
      }, now);
    case 'agent_close':
      return changed(t, closing(t, CLOSED_BY.agent, action.agent_id, now), now);
    case 'bot_close':
      if (t.ticket_type !== BOT_STAGE) return refuse('ticket_id', 'only a bot-stage ticket is closed by the bot');
      return changed(t, closing(t, CLOSED_BY.bot, null, now), now);
    case 'update':
      return update(t, action.by, action.changes, now);
  }
}

function update(t: TicketState, by: string, c: TicketUpdate, now: number): Transition {
  const next: Partial<TicketState> = {};
  if (c.status !== undefined && c.status !== t.status) {
    if (!isOpen(t.status)) return refuse('status', `the ticket is closed (status ${t.status}); its status no longer changes`);
    Object.assign(next, isOpen(c.status) ? withStatus(t, c.status, now) : closing(t, c.status, by, now));
  }
  if (c.tag_names !== undefined) next.tag_names = [...new Set(c.tag_names)];
  if (c.comment !== undefined) next.comments = appendComment(t.comments, c.comment, now);
  if (c.customized_fields !== undefined) next.customized_fields = mergeTicketFieldValues(t.customized_fields, c.customized_fields);
  if (c.ticket_type !== undefined) next.ticket_type = c.ticket_type;
  if (c.solved !== undefined) next.solve = c.solved;
  if (c.channel !== undefined) next.channel = c.channel;
  return changed(t, next, now);
}

/** The status move, with the time spent pending (status 4) counted when the ticket leaves it. */
function withStatus(t: TicketState, status: number, now: number): Partial<TicketState> {
  if (status === t.status) return {};
  const next: Partial<TicketState> = { status };
  if (t.status === 4) {
    next.pending_seconds = t.pending_seconds + Math.floor((now - t.pending_since) / 1000);
    next.pending_since = 0;
  }
  if (status === 4) next.pending_since = now;
  return next;
}

function closing(t: TicketState, status: number, by: string | null, now: number): Partial<TicketState> {
  return { ...withStatus(t, status, now), closed_by_id: by, closed_at: t.closed_at > 0 ? t.closed_at : now };
}

function message(t: TicketState, now: number): Partial<TicketState> {
  return { message_count: t.message_count + 1, last_message_at: now };
}

const withAgent = (agents: readonly string[], agent: string): string[] => (agents.includes(agent) ? [...agents] : [...agents, agent]);

function appendComment(previous: TicketComments | null, comment: NonNullable<TicketUpdate['comment']>, now: number): TicketComments {
  return {
    content: previous ? `${previous.content}\n${comment.text}` : comment.text,
    created_at: now,
    id: (previous?.id ?? 0) + 1,
    user_avatar_url: comment.author_avatar_url,
    user_name: comment.author_name,
    // Seed 003 types user_id as an integer, which no Kefu id (ou_...) is; the author is named in user_name.
    user_id: 0,
  };
}

/** Fields that are the list's (message_count, last_message_at and pending_since are the lifecycle's own). */
const LIFE_ONLY = new Set<keyof TicketState>(['message_count', 'last_message_at', 'pending_since']);

/** The ticket after `next`; updated_at moves when a field of the list changes; status or stage changes fire the event. */
function changed(t: TicketState, next: Partial<TicketState>, now: number): Transition {
  const ticket = { ...t, ...next };
  const listChanged = (Object.keys(next) as (keyof TicketState)[]).some((k) => !LIFE_ONLY.has(k) && JSON.stringify(next[k]) !== JSON.stringify(t[k]));
  if (listChanged) ticket.updated_at = now;
  const old: OldObject = { updated_at: t.updated_at };
  if (ticket.status !== t.status) old.status = t.status;
  if (ticket.ticket_type !== t.ticket_type) old.stage = t.ticket_type;
  return { ok: true, ticket, ...(old.status !== undefined || old.stage !== undefined ? { updated: old } : {}) };
}
