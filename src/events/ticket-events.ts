// The `event` bodies of the helpdesk's ticket events (feishu-events.md §3), built from what the change wrote.
// Pure: the outbox stores what these answer.

export const EVENT_TYPES = {
  ticketCreated: 'helpdesk.ticket.created_v1',
  ticketUpdated: 'helpdesk.ticket.updated_v1',
  messageCreated: 'helpdesk.ticket_message.created_v1',
} as const;

/** A person in an event: Kefu has open ids only. */
export interface EventUser {
  id: { open_id: string };
  name: string;
}

/** The ticket as ticket.created_v1 and ticket.updated_v1's object carry it (customized_fields are never sent). */
export interface TicketEventObject {
  ticket_id: string;
  helpdesk_id: string;
  guest: EventUser;
  stage: number;
  status: number;
  score: number;
  created_at: number;
  updated_at: number;
  closed_at: number;
  channel: number;
  solve: number;
  chat_id: string;
  agents?: EventUser[];
  closed_by?: EventUser;
}

export interface TicketSnapshot {
  ticket_id: string;
  helpdesk_id: string;
  guest_id: string;
  ticket_type: number;
  status: number;
  score: number;
  created_at: number;
  updated_at: number;
  closed_at: number;
  channel: number;
  solve: number;
  chat_id: string;
  agent_ids: readonly string[];
  closed_by_id: string | null;
}

export function ticketObject(t: TicketSnapshot, nameOf: (open_id: string) => string): TicketEventObject {
  const user = (open_id: string): EventUser => ({ id: { open_id }, name: nameOf(open_id) });
  return {
    ticket_id: t.ticket_id,
    helpdesk_id: t.helpdesk_id,
    guest: user(t.guest_id),
    stage: t.ticket_type,
    status: t.status,
    score: t.score,
    created_at: t.created_at,
    updated_at: t.updated_at,
    closed_at: t.closed_at,
    channel: t.channel,
    solve: t.solve,
    chat_id: t.chat_id,
    ...(t.agent_ids.length > 0 ? { agents: t.agent_ids.map(user) } : {}),
    ...(t.closed_by_id ? { closed_by: user(t.closed_by_id) } : {}),
  };
}

export const ticketCreatedEvent = (object: TicketEventObject): TicketEventObject => object;

export function ticketUpdatedEvent(object: TicketEventObject, old_object: { status?: number; stage?: number; updated_at: number }) {
  return { object, old_object };
}

export interface MessageSnapshot {
  ticket_message_id: string;
  message_id: string;
  event_id: string;
  chat_id: string;
  position: number;
  sender_type: number;
  sender_id: string | null;
  msg_type: string;
  /** The IM content object. */
  content: Record<string, unknown>;
  text: string;
}

/** ticket_message.created_v1: position as a string (Go and Python parse it so), sender_id absent for the bot. */
export function messageCreatedEvent(m: MessageSnapshot, ticket: { ticket_id: string; status: number; ticket_type: number }) {
  const image_key = typeof m.content.image_key === 'string' ? m.content.image_key : undefined;
  return {
    ticket_message_id: m.ticket_message_id,
    message_id: m.message_id,
    msg_type: m.msg_type,
    position: String(m.position),
    ...(m.sender_id ? { sender_id: { open_id: m.sender_id } } : {}),
    sender_type: m.sender_type,
    text: m.text,
    ticket: { ticket_id: ticket.ticket_id, status: ticket.status, ticket_type: ticket.ticket_type },
    event_id: m.event_id,
    chat_id: m.chat_id,
    content: {
      content: m.msg_type === 'text' ? m.text : JSON.stringify(m.content),
      msg_type: m.msg_type,
      ...(image_key ? { image_keys: [image_key], image_key } : {}),
    },
  };
}
