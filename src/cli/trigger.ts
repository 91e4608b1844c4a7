// kefu trigger: play a guest or an agent against a running Kefu over HTTP, for tests written in any language. Each
// action is one call of Kefu's own API (docs/lifecycle.md), through the same client as the Node testing API.
import { KefuApiClient, KefuApiError } from '../testkit/api-client.js';
import { StartupError } from './startup-failure.js';
import { parseFlags, parseInteger, pick, UsageError } from './options.js';

export const triggerHelp = `kefu trigger ACTION [options]   act as a guest or an agent on a running Kefu; prints the answer's data as JSON
  guest-message --chat CHAT_ID --text TEXT      the guest writes in their chat
  start-service --helpdesk HELPDESK_ID [--human] the guest opens their chat (with an agent when --human)
  close --chat CHAT_ID [--score 1-3]            the guest closes their open ticket
  agent-reply --ticket TICKET_ID --text TEXT --helpdesk-id ID --helpdesk-token TOKEN
                                                an agent replies in a ticket
  --url URL           the Kefu                       (KEFU_URL, default http://127.0.0.1:8080)
  --token TOKEN       the guest's or agent's user_access_token (kefu token)  (KEFU_TOKEN)`;

const ACTIONS = ['guest-message', 'start-service', 'close', 'agent-reply'] as const;

export async function trigger(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) throw new UsageError(`kefu trigger needs an action: ${ACTIONS.join(', ')}`);
  const flags = parseFlags(rest, {
    url: { type: 'string' },
    token: { type: 'string' },
    chat: { type: 'string' },
    text: { type: 'string' },
    helpdesk: { type: 'string' },
    human: { type: 'boolean' },
    score: { type: 'string' },
    ticket: { type: 'string' },
    'helpdesk-id': { type: 'string' },
    'helpdesk-token': { type: 'string' },
  });
  const need = (name: keyof typeof flags): string => {
    const value = flags[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`kefu trigger ${action} needs --${name}`);
    return value;
  };
  const url = pick(flags.url, 'KEFU_URL', 'http://127.0.0.1:8080')!;
  const token = pick(flags.token, 'KEFU_TOKEN');
  if (!token) throw new UsageError('kefu trigger needs --token (the user_access_token of the guest or agent; kefu token prints one)');
  const api = new KefuApiClient(url);
  const call = () => {
    switch (action) {
      case 'guest-message':
        return api.guestSay(token, need('chat'), need('text'));
      case 'start-service':
        return api.guestStart(token, need('helpdesk'), flags.human ? true : undefined);
      case 'close':
        return api.guestClose(token, need('chat'), flags.score === undefined ? undefined : parseInteger(flags.score, '--score', 1, 3));
      default:
        return api.agentReply(token, { helpDeskId: need('helpdesk-id'), helpDeskToken: need('helpdesk-token') }, need('ticket'), need('text'));
    }
  };
  let data: unknown;
  try {
    data = await call();
  } catch (e) {
    if (e instanceof KefuApiError || e instanceof UsageError) throw e instanceof KefuApiError ? new StartupError(e.message) : e;
    throw new StartupError(`cannot reach ${url}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  process.stdout.write(`${JSON.stringify(data)}\n`);
}
