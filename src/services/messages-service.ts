// Messages both ways (docs/lifecycle.md "Messages"): the guest in their chat, an agent's reply, the helpdesk bot
// through the Open API (ticket messages, POST /message, answer_user_query), and reading them in Feishu's shape.
import { feishuMessageContent, parseContent } from '../domain/message-content.js';
import { newChatId } from '../events/ids.js';
import { EVENT_TYPES } from '../events/ticket-events.js';
import type { Clock } from '../platform/clock.js';
import { ApiError, badField, errors } from '../platform/errors.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { MessageRow } from '../repositories/messages-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Caller } from '../platform/credentials.js';
import { FaqAnswers } from './faq-answers.js';
import { assertServes, guestChat } from './lifecycle-service.js';
import type { Store } from './store.js';
import type { NewMessage, TicketWriter } from './ticket-writer.js';

export interface MessageInput {
  msg_type: string;
  content: unknown;
}

/** GET messages' item (feishu-events.md §4.4). */
export interface MessageView {
  id: string;
  message_id: string;
  message_type: string;
  created_at: number;
  content: string;
  user_name?: string;
  avatar_url?: string;
  user_id?: string;
}

export interface MessagePage {
  page: number;
  page_size: number;
  /** Seconds, or milliseconds when given with 13 digits. */
  time_start?: number;
  time_end?: number;
}

/** Feishu's example sends seconds; a 13-digit value is taken as milliseconds (what created_at answers). */
export const toMillis = (t: number): number => (t >= 1e12 ? t : t * 1000);

export class MessagesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly writer: TicketWriter,
  ) {}

  /** The guest writes in their service chat: into the open ticket, or a new bot-stage ticket when there is none. */
  async guestMessage(caller: Caller, chat_id: string, input: MessageInput): Promise<{ message_id: string }> {
    const message = readMessage(input, ['text', 'post', 'image']);
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      const { chat, helpdesk } = await guestChat(repos, caller, chat_id);
      if (chat.kind !== 'service') throw badField('chat_id', 'the bot chat only carries the helpdesk bot\'s messages', chat_id);
      // Locked before looking for the open ticket: two first messages at once open one ticket, not two.
      await repos.chats.lock(chat_id);
      const open =
        (await this.writer.openTicket(repos, helpdesk.helpdesk_id, chat.guest_id, now, chat)) ??
        (await this.writer.create(repos, helpdesk, chat, { channel: 0 }, now, async (draft) => draft.state));
      const posted = await this.writer.postInTicket(repos, helpdesk, open, { kind: 'guest_message' }, chat.guest_id, message, now);
      await new FaqAnswers(this.writer).afterGuestMessage(repos, helpdesk, posted.ticket, message.text, now);
      return { message_id: posted.message.message_id };
    });
  }

  /** Kefu's agent reply (sender_type 3): the caller serves the helpdesk and joins the ticket's agents. */
  async agentReply(helpdesk: Helpdesk, caller: Caller, ticket_id: string, input: MessageInput): Promise<{ message_id: string }> {
    const message = readMessage(input, ['text', 'post', 'image']);
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      await assertServes(repos, helpdesk, caller);
      const ticket = await this.writer.load(repos, helpdesk.helpdesk_id, ticket_id, now);
      const posted = await this.writer.postInTicket(repos, helpdesk, ticket, { kind: 'agent_message', agent_id: caller.open_id! }, caller.open_id, message, now);
      return { message_id: posted.message.message_id };
    });
  }

  /** POST tickets/:ticket_id/messages: the app speaks as the helpdesk bot (sender_type 1), text or post. */
  async botTicketMessage(helpdesk: Helpdesk, ticket_id: string, input: MessageInput): Promise<{ message_id: string }> {
    const message = readMessage(input, ['text', 'post']);
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      const ticket = await this.writer.load(repos, helpdesk.helpdesk_id, ticket_id, now);
      const posted = await this.writer.postInTicket(repos, helpdesk, ticket, { kind: 'bot_message' }, null, message, now);
      return { message_id: posted.message.message_id };
    });
  }

  /**
   * POST /message: the bot writes to the user's service chat (refused with 405/154005 while they have an open
   * ticket there, as Feishu does) or to their private chat with the bot.
   */
  async botMessage(helpdesk: Helpdesk, input: MessageInput & { receiver_id: string; receive_type?: 'chat' | 'user' }): Promise<{ message_id: string }> {
    const message = readMessage(input, ['text', 'post', 'image', 'interactive']);
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      const user = await repos.identities.findUser(input.receiver_id);
      if (!user || user.tenant_key !== helpdesk.tenant_key) {
        throw new ApiError(errors.resourceNotFound, { detail: 'no such user', fieldViolations: [{ field: 'receiver_id', value: input.receiver_id, description: 'no such user in this tenant' }] });
      }
      const kind = input.receive_type === 'user' ? 'bot' : 'service';
      const chat = await repos.chats.lockOrCreate(helpdesk.helpdesk_id, user.open_id, kind, newChatId(), now);
      if (kind === 'service' && (await repos.ticketLives.openTicketOfGuest(helpdesk.helpdesk_id, user.open_id)) !== undefined) {
        throw new ApiError(errors.methodForbidden, { detail: 'the user has a ticket in progress in the service chat: write into the ticket instead' });
      }
      return { message_id: (await this.writer.postOutsideTicket(repos, helpdesk.helpdesk_id, chat.chat_id, message, now)).message_id };
    });
  }

  /**
   * answer_user_query: the bot answers a guest's question in a bot-stage ticket. event_id names the question: the
   * body event_id of its ticket_message.created_v1, or that event's header event_id. The bot posts the answers of
   * the FAQs named (each must be an online FAQ of the helpdesk); an empty faqs posts nothing.
   */
  async answerUserQuery(helpdesk: Helpdesk, ticket_id: string, event_id: string, faqs: { id?: string; score?: number }[] = []): Promise<void> {
    await this.store.write(async (repos) => {
      const now = this.clock.now();
      const ticket = await this.writer.load(repos, helpdesk.helpdesk_id, ticket_id, now);
      if (ticket.state.status > 5) throw badField('ticket_id', 'the ticket is closed', ticket_id);
      if (ticket.state.ticket_type !== 1) throw badField('ticket_id', 'the ticket is served by a human: the bot no longer answers in it', ticket_id);
      if (!(await questionOf(repos, ticket_id, event_id))) throw badField('event_id', 'is not a ticket_message.created_v1 of this ticket', event_id);
      await new FaqAnswers(this.writer).answerWith(repos, helpdesk, ticket, faqs, now);
    });
  }

  async listTicketMessages(helpdesk: Helpdesk, ticket_id: string, page: MessagePage): Promise<{ messages: MessageView[]; total: number }> {
    const repos = this.store.repos;
    if (!(await repos.tickets.find(helpdesk.helpdesk_id, ticket_id))) throw badField('ticket_id', 'no such ticket in this helpdesk', ticket_id);
    const range = { from: page.time_start === undefined ? undefined : toMillis(page.time_start), to: page.time_end === undefined ? undefined : toMillis(page.time_end) };
    if (range.from !== undefined && range.to !== undefined && range.from > range.to) throw badField('time_start', 'must not be after time_end', page.time_start);
    const { total, rows } = await repos.messages.listByTicket(ticket_id, range, (page.page - 1) * page.page_size, page.page_size);
    return { messages: await this.views(repos, helpdesk, rows), total };
  }

  async listChatMessages(caller: Caller, chat_id: string, page: MessagePage): Promise<{ messages: MessageView[]; total: number }> {
    const repos = this.store.repos;
    const { helpdesk } = await guestChat(repos, caller, chat_id);
    const { total, rows } = await repos.messages.listByChat(chat_id, (page.page - 1) * page.page_size, page.page_size);
    return { messages: await this.views(repos, helpdesk, rows), total };
  }

  private async views(repos: Repositories, helpdesk: Helpdesk, rows: readonly MessageRow[]): Promise<MessageView[]> {
    const senders = new Map((await repos.identities.findUsers(helpdesk.tenant_key, rows.flatMap((r) => (r.sender_id ? [r.sender_id] : [])))).map((u) => [u.open_id, u]));
    return rows.map((r) => {
      const sender = r.sender_id ? senders.get(r.sender_id) : undefined;
      return {
        id: r.ticket_message_id,
        message_id: r.message_id,
        message_type: r.msg_type,
        created_at: r.created_at,
        content: feishuMessageContent(r.msg_type, JSON.parse(r.content), r.text),
        // The bot speaks with the helpdesk's name.
        user_name: sender ? sender.name : helpdesk.name,
        ...(sender ? { avatar_url: sender.avatar_url, user_id: sender.open_id } : {}),
      };
    });
  }
}

function readMessage(input: MessageInput, types: readonly string[]): NewMessage {
  if (!types.includes(input.msg_type)) throw badField('msg_type', `must be one of ${types.join(', ')}`, input.msg_type);
  const parsed = parseContent(input.msg_type, input.content);
  if (!parsed.ok) throw badField('content', parsed.description);
  return { msg_type: input.msg_type, content: parsed.content, text: parsed.text };
}

/** Whether event_id names a message of the ticket: its body event_id, or its outbox event's header event_id. */
async function questionOf(repos: Repositories, ticket_id: string, event_id: string): Promise<boolean> {
  const message = await repos.messages.findByEventId(event_id);
  if (message) return message.ticket_id === ticket_id;
  const event = await repos.outbox.find(event_id);
  return event !== undefined && event.ticket_id === ticket_id && event.event_type === EVENT_TYPES.messageCreated;
}
