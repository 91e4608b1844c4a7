// The people a test plays: a guest in their chat and an agent in their workspace, each a thin wrapper over Kefu's own
// HTTP API (api-client.ts) with a user token of theirs, so what they do goes through the same routes, rules and
// events as a real client's.
import type { ChatMessage, HelpdeskCredential, KefuApiClient } from './api-client.js';

export interface TriggerContext {
  api: KefuApiClient;
  helpdesk: HelpdeskCredential;
  /** A user token of this user for the credentials' app. */
  tokenFor(openId: string): Promise<string>;
}

export class Guest {
  /** The guest's service chat with the helpdesk, once started. */
  chatId: string | undefined;
  /** The ticket the last start answered. */
  ticketId: string | undefined;

  constructor(
    private readonly context: TriggerContext,
    readonly openId: string,
  ) {}

  /** Opens the guest's chat and a ticket in it, or answers the open one; `humanService` asks for an agent. */
  async startService(options: { humanService?: boolean } = {}): Promise<{ chat_id: string; ticket_id?: string }> {
    const started = await this.context.api.guestStart(await this.token(), this.context.helpdesk.helpDeskId, options.humanService);
    this.chatId = started.chat_id;
    this.ticketId = started.ticket_id;
    return started;
  }

  /** Writes a text message in the chat (starting it with the bot first when there is no chat yet); answers its message_id. */
  async say(text: string): Promise<{ message_id: string }> {
    const chat = (await this.existingChat()) ?? (await this.startService()).chat_id;
    return this.context.api.guestSay(await this.token(), chat, text);
  }

  /** Closes the open ticket, with a score of 1-3 or none. */
  async close(score?: number): Promise<{ ticket_id: string }> {
    return this.context.api.guestClose(await this.token(), await this.chat(), score);
  }

  /** The chat as the guest sees it, oldest first ([] before the guest ever started one). */
  async messages(): Promise<ChatMessage[]> {
    const chat = await this.existingChat();
    return chat ? this.context.api.guestMessages(await this.token(), chat) : [];
  }

  /** The texts of the chat's text messages, oldest first: what a guest reads. */
  async texts(): Promise<string[]> {
    // A text message's content is `{"msg_type":"text","content":"<the text>"}`, as Feishu's GET messages answers it.
    return (await this.messages()).flatMap((m) => {
      const { msg_type, content } = JSON.parse(m.content) as { msg_type: string; content: unknown };
      return msg_type === 'text' ? [String(content)] : [];
    });
  }

  /** The guest's service chat with the helpdesk, as Kefu lists it, without starting one. */
  private async existingChat(): Promise<string | undefined> {
    if (!this.chatId) {
      const chats = await this.context.api.guestChats(await this.token());
      this.chatId = chats.find((c) => c.kind === 'service' && c.helpdesk_id === this.context.helpdesk.helpDeskId)?.chat_id;
    }
    return this.chatId;
  }

  private async chat(): Promise<string> {
    const chat = await this.existingChat();
    if (!chat) throw new Error(`guest ${this.openId} has no chat with helpdesk ${this.context.helpdesk.helpDeskId} yet: startService() or say() first`);
    return chat;
  }

  private token(): Promise<string> {
    return this.context.tokenFor(this.openId);
  }
}

export class Agent {
  constructor(
    private readonly context: TriggerContext,
    readonly openId: string,
  ) {}

  /** Replies in a ticket: the one given, or the newest open ticket the agent is on. */
  async reply(text: string, ticketId?: string): Promise<{ message_id: string; ticket_id: string }> {
    const token = await this.context.tokenFor(this.openId);
    const ticket = ticketId ?? (await this.context.api.agentOpenTicket(token, this.context.helpdesk, this.openId));
    if (!ticket) throw new Error(`agent ${this.openId} has no open ticket to reply in; name one: reply(text, ticketId)`);
    const { message_id } = await this.context.api.agentReply(token, this.context.helpdesk, ticket, text);
    return { message_id, ticket_id: ticket };
  }
}
