// Request and answer schemas of the lifecycle endpoints: Feishu's (start_service, PUT tickets, messages,
// answer_user_query, POST /message) and Kefu's own (guest chats, agent replies, helpdesk settings).
import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';
import { I18nText } from './tickets.js';

const Id = Type.String({ minLength: 1, maxLength: 128 });
/** IM content: a JSON string (what the SDKs send) or the object itself (Feishu's doc example). */
const Content = Type.Union([Type.String({ maxLength: 200_000 }), Type.Record(Type.String(), Type.Unknown())]);

export const StartServiceBody = Type.Object({
  open_id: Id,
  human_service: Type.Optional(Type.Boolean()),
  appointed_agents: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
  customized_info: Type.Optional(Type.String({ maxLength: 1024 })),
});
export const StartServiceAnswer = Envelope(Type.Object({ chat_id: Type.String(), ticket_id: Type.Optional(Type.String()) }));

/** PUT tickets/:ticket_id: the statuses PUT may set (52 is the guest's own close). */
export const UpdateTicketBody = Type.Object({
  status: Type.Optional(Type.Integer({ enum: [1, 2, 3, 4, 5, 50, 51] })),
  tag_names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  comment: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  customized_fields: Type.Optional(
    Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }), value: Type.String({ maxLength: 4096 }), key_name: Type.Optional(Type.String({ maxLength: 128 })) }), { maxItems: 100 }),
  ),
  ticket_type: Type.Optional(Type.Integer({ enum: [1, 2] })),
  solved: Type.Optional(Type.Integer({ enum: [1, 2] })),
  channel: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
});
export type UpdateTicketBody = Static<typeof UpdateTicketBody>;

export const AnswerUserQueryBody = Type.Object({
  event_id: Type.String({ minLength: 1, maxLength: 128 }),
  faqs: Type.Optional(Type.Array(Type.Object({ id: Type.Optional(Type.String({ maxLength: 128 })), score: Type.Optional(Type.Number()) }), { maxItems: 20 })),
});

export const MessageBody = Type.Object({ msg_type: Type.String({ minLength: 1, maxLength: 32 }), content: Content });
export const MessageIdAnswer = Envelope(Type.Object({ message_id: Type.String() }));

export const BotMessageBody = Type.Object({
  msg_type: Type.String({ minLength: 1, maxLength: 32 }),
  content: Content,
  receiver_id: Id,
  receive_type: Type.Optional(Type.Union([Type.Literal('chat'), Type.Literal('user')])),
});
export const BotMessageQuery = Type.Object({ user_id_type: Type.Optional(Type.Literal('open_id')) });

export const MessagesQuery = Type.Object({
  /** Seconds as Feishu's example; a 13-digit value is taken as milliseconds. */
  time_start: Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 })),
  time_end: Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

const MessageView = Type.Object({
  id: Type.String(),
  message_id: Type.String(),
  message_type: Type.String(),
  created_at: Type.Integer(),
  content: Type.String(),
  user_name: Type.Optional(Type.String()),
  avatar_url: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
});
export const MessagesAnswer = Envelope(Type.Object({ messages: Type.Array(MessageView), total: Type.Integer() }));

export const TicketIdPath = Type.Object({ ticket_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ChatIdPath = Type.Object({ chat_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const HelpdeskIdPath = Type.Object({ helpdesk_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const GuestStartBody = Type.Object({ human_service: Type.Optional(Type.Boolean()) });
export const GuestStartAnswer = Envelope(Type.Object({ chat_id: Type.String(), ticket_id: Type.Optional(Type.String()) }));
export const ChatsAnswer = Envelope(
  Type.Object({ chats: Type.Array(Type.Object({ chat_id: Type.String(), helpdesk_id: Type.String(), kind: Type.Union([Type.Literal('service'), Type.Literal('bot')]) })) }),
);
export const TicketIdAnswer = Envelope(Type.Object({ ticket_id: Type.String() }));
export const GuestCloseBody = Type.Object({
  score: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  dissatisfaction_reason: Type.Optional(I18nText),
});
export const ChatMessagesQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

const Settings = Type.Object({
  /** Seconds of silence after which the bot closes a bot-stage ticket. */
  bot_idle_close_s: Type.Integer({ minimum: 10, maximum: 30 * 24 * 3600 }),
  /** 0: no cap. */
  max_open_tickets_per_agent: Type.Integer({ minimum: 0, maximum: 10_000 }),
  bot_auto_answer: Type.Boolean(),
});
export const SettingsPatchBody = Type.Partial(Settings);
export const SettingsAnswer = Envelope(Settings);
