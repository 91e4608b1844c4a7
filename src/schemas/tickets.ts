// GET /open-apis/helpdesk/v1/tickets and /tickets/:ticket_id (seed 003). The query schema checks each value on
// its own (ajv names the parameter); rules across parameters (pairs, order, the 10,000 cap) are TicketsService's.
import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

export const TICKET_STATUSES = [1, 2, 3, 4, 5, 50, 51, 52];
/** The deepest a query may page: page * page_size beyond this is refused (seed 003). */
export const MAX_REACHABLE_TICKETS = 10_000;

const Id = Type.String({ maxLength: 128 });
/** Milliseconds since the epoch, up to the year 275760 (the largest Date). */
const Millis = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });

export const ListTicketsQuery = Type.Object({
  ticket_id: Type.Optional(Id),
  agent_id: Type.Optional(Id),
  closed_by_id: Type.Optional(Id),
  type: Type.Optional(Type.Integer({ enum: [1, 2] })),
  channel: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  solved: Type.Optional(Type.Integer({ enum: [1, 2] })),
  /** 1-3 as Feishu rates; 0 finds the tickets nobody rated, which answer score 0. */
  score: Type.Optional(Type.Integer({ enum: [0, 1, 2, 3] })),
  status_list: Type.Optional(Type.Array(Type.Integer({ enum: TICKET_STATUSES }), { maxItems: 16 })),
  guest_name: Type.Optional(Type.String({ maxLength: 100 })),
  guest_id: Type.Optional(Id),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  create_time_start: Type.Optional(Millis),
  create_time_end: Type.Optional(Millis),
  update_time_start: Type.Optional(Millis),
  update_time_end: Type.Optional(Millis),
});
export type ListTicketsQuery = Static<typeof ListTicketsQuery>;

export const TicketIdParams = Type.Object({ ticket_id: Type.String({ minLength: 1, maxLength: 64 }) });

/** A person on a ticket, from the users table; a user Kefu no longer knows is answered with its id alone. */
export const TicketUser = Type.Object({
  id: Type.String(),
  avatar_url: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  department: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
});
export type TicketUser = Static<typeof TicketUser>;

export const TicketComment = Type.Object({
  content: Type.String(),
  created_at: Type.Integer(),
  id: Type.Integer(),
  user_avatar_url: Type.String(),
  user_name: Type.String(),
  user_id: Type.Integer(),
});

export const I18nText = Type.Object({ zh_cn: Type.Optional(Type.String()), en_us: Type.Optional(Type.String()), ja_jp: Type.Optional(Type.String()) });

export const CustomizedField = Type.Object({
  id: Type.String(),
  value: Type.String(),
  key_name: Type.String(),
  display_name: Type.String(),
  position: Type.Integer(),
  required: Type.Boolean(),
  editable: Type.Boolean(),
});

/** Seed 003's ticket. Optional fields are left out when the ticket has none (Feishu: "没有值时不设置"). */
export const TicketView = Type.Object({
  ticket_id: Type.String(),
  helpdesk_id: Type.String(),
  guest: TicketUser,
  comments: Type.Optional(TicketComment),
  ticket_type: Type.Integer(),
  status: Type.Integer(),
  score: Type.Integer(),
  created_at: Type.Integer(),
  /** -1 when the ticket was never updated. */
  updated_at: Type.Integer(),
  closed_at: Type.Integer(),
  dissatisfaction_reason: Type.Optional(I18nText),
  agents: Type.Array(TicketUser),
  channel: Type.Integer(),
  solve: Type.Integer(),
  closed_by: Type.Optional(TicketUser),
  collaborators: Type.Array(TicketUser),
  customized_fields: Type.Optional(Type.Array(CustomizedField)),
  agent_service_duration: Type.Number(),
  agent_first_response_duration: Type.Integer(),
  bot_service_duration: Type.Integer(),
  agent_resolution_time: Type.Integer(),
  actual_processing_time: Type.Integer(),
  agent_entry_time: Type.Integer(),
  agent_first_response_time: Type.Integer(),
  agent_last_response_time: Type.Integer(),
  agent_owner: Type.Optional(TicketUser),
});
export type TicketView = Static<typeof TicketView>;

export const ListTicketsAnswer = Envelope(Type.Object({ total: Type.Integer(), tickets: Type.Array(TicketView) }));
export const GetTicketAnswer = Envelope(Type.Object({ ticket: TicketView }));
