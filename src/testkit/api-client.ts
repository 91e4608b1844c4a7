// A small HTTP client of Kefu's own API (docs/lifecycle.md, "Kefu's own API"): what the trigger helpers and
// `kefu trigger` send, playing the apps Feishu runs itself (the guest's chat, the agent's workspace). It speaks
// only HTTP, so it drives a Kefu in this process or any other.

export class KefuApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly path: string,
  ) {
    super(`${path}: HTTP ${status}, code ${code}: ${msg}`);
  }
}

export interface HelpdeskCredential {
  helpDeskId: string;
  helpDeskToken: string;
}

/** A message as GET /kefu/v1/chats/:chat_id/messages answers it (GET ticket messages' shape). */
export interface ChatMessage {
  id: string;
  message_id: string;
  message_type: string;
  created_at: number;
  /** JSON text `{msg_type, content}` with the IM content inside. */
  content: string;
  user_name: string;
  avatar_url: string;
  user_id: string;
}

const OPEN_STATUSES = [1, 2, 3, 4, 5];

export class KefuApiClient {
  constructor(readonly url: string) {}

  /** POST /kefu/v1/helpdesks/:helpdesk_id/chats: the guest starts, or finds their open ticket. */
  guestStart(token: string, helpdeskId: string, humanService?: boolean) {
    return this.call<{ chat_id: string; ticket_id?: string }>('POST', `/kefu/v1/helpdesks/${enc(helpdeskId)}/chats`, { token, body: humanService === undefined ? {} : { human_service: humanService } });
  }

  /** GET /kefu/v1/chats: the guest's chats (service chats with helpdesks, and their chat with the bot). */
  async guestChats(token: string): Promise<{ chat_id: string; helpdesk_id: string; kind: 'service' | 'bot' }[]> {
    return (await this.call<{ chats: { chat_id: string; helpdesk_id: string; kind: 'service' | 'bot' }[] }>('GET', '/kefu/v1/chats', { token })).chats;
  }

  /** POST /kefu/v1/chats/:chat_id/messages with a text message. */
  guestSay(token: string, chatId: string, text: string) {
    return this.call<{ message_id: string }>('POST', `/kefu/v1/chats/${enc(chatId)}/messages`, { token, body: textMessage(text) });
  }

  /** GET /kefu/v1/chats/:chat_id/messages: the chat as the guest sees it, oldest first. */
  async guestMessages(token: string, chatId: string): Promise<ChatMessage[]> {
    return (await this.call<{ messages: ChatMessage[] }>('GET', `/kefu/v1/chats/${enc(chatId)}/messages?page_size=200`, { token })).messages;
  }

  /** POST /kefu/v1/chats/:chat_id/close, rated 1-3 or not. */
  guestClose(token: string, chatId: string, score?: number) {
    return this.call<{ ticket_id: string }>('POST', `/kefu/v1/chats/${enc(chatId)}/close`, { token, body: score === undefined ? {} : { score } });
  }

  /** POST /kefu/v1/tickets/:ticket_id/replies: the agent answers in the ticket. */
  agentReply(token: string, helpdesk: HelpdeskCredential, ticketId: string, text: string) {
    return this.call<{ message_id: string }>('POST', `/kefu/v1/tickets/${enc(ticketId)}/replies`, { token, helpdesk, body: textMessage(text) });
  }

  /** The newest open ticket (status 1-5) that has this agent among its agents, through GET tickets. */
  async agentOpenTicket(token: string, helpdesk: HelpdeskCredential, agentId: string): Promise<string | undefined> {
    const query = new URLSearchParams({ agent_id: agentId, page_size: '200' });
    for (const s of OPEN_STATUSES) query.append('status_list', String(s));
    const { tickets } = await this.call<{ tickets?: { ticket_id: string; created_at: number }[] }>('GET', `/open-apis/helpdesk/v1/tickets?${query}`, { token, helpdesk });
    return (tickets ?? []).reduce<{ ticket_id: string; created_at: number } | undefined>((newest, t) => (!newest || t.created_at > newest.created_at ? t : newest), undefined)?.ticket_id;
  }

  /** POST /kefu/v1/clock: moves a test server's frozen clock (and runs what falls due); answers the new instant. */
  async moveClock(move: { now: number } | { advance_ms: number }): Promise<number> {
    return (await this.call<{ now_ms: number }>('POST', '/kefu/v1/clock', { body: move })).now_ms;
  }

  private async call<T>(method: string, path: string, options: { token?: string; helpdesk?: HelpdeskCredential; body?: unknown }): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.helpdesk) headers['x-lark-helpdesk-authorization'] = Buffer.from(`${options.helpdesk.helpDeskId}:${options.helpdesk.helpDeskToken}`).toString('base64');
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.url), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    let answer: { code?: number; msg?: string; data?: T };
    try {
      answer = JSON.parse(text);
    } catch {
      throw new KefuApiError(response.status, -1, text.slice(0, 200), path);
    }
    if (!response.ok || answer.code !== 0) throw new KefuApiError(response.status, answer.code ?? -1, answer.msg ?? '', `${method} ${path.split('?')[0]}`);
    return answer.data as T;
  }
}

function textMessage(text: string) {
  return { msg_type: 'text', content: { text } };
}

const enc = encodeURIComponent;
