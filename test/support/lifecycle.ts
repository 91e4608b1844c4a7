// Helpers for the ticket lifecycle tests: user tokens for guests and agents, Kefu's own API over HTTP (the SDK
// only knows Feishu's), and the event outbox as the database holds it.
import * as lark from '@larksuiteoapi/node-sdk';
import type { RunningKefu } from './kefu.js';
import { acme, helpdeskHeader } from './kefu.js';

export async function userToken(kefu: RunningKefu, open_id: string): Promise<string> {
  return (await kefu.app.kefu.auth.registerUserToken({ app_id: acme.app.appId, open_id })).token;
}

export interface KefuAnswer {
  status: number;
  body: any;
}

/** A call to Kefu's own API as a user; `helpdesk` adds acme's helpdesk header (agent and admin calls). */
export async function kefuCall(kefu: RunningKefu, method: string, path: string, token: string, body?: unknown, helpdesk = false): Promise<KefuAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (helpdesk) headers['x-lark-helpdesk-authorization'] = helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken);
  const res = await fetch(`${kefu.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Like kefuCall, but a non-zero code is an error: for the steps a test only needs to succeed. */
export async function kefuOk(kefu: RunningKefu, method: string, path: string, token: string, body?: unknown, helpdesk = false): Promise<any> {
  const answer = await kefuCall(kefu, method, path, token, body, helpdesk);
  if (answer.status !== 200 || answer.body.code !== 0) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

export interface StoredEvent {
  seq: number;
  event_id: string;
  event_type: string;
  ticket_id: string | null;
  create_time: number;
  event: any;
}

/** The helpdesk's outbox, oldest first. */
export async function outbox(kefu: RunningKefu, helpdesk_id = acme.helpdesk.helpDeskId): Promise<StoredEvent[]> {
  const rows = await kefu.app.kefu.store.repos.outbox.listByHelpdesk(helpdesk_id);
  return rows.map((r) => ({ seq: r.seq, event_id: r.event_id, event_type: r.event_type, ticket_id: r.ticket_id, create_time: r.create_time, event: JSON.parse(r.event) }));
}

/** Events added since `before` (an earlier outbox() answer). */
export async function eventsSince(kefu: RunningKefu, before: readonly StoredEvent[]): Promise<StoredEvent[]> {
  const last = before.length === 0 ? 0 : before[before.length - 1].seq;
  return (await outbox(kefu)).filter((e) => e.seq > last);
}

/** Every row of the tables a refused call must leave as they were. */
export async function snapshotTables(kefu: RunningKefu, tables: readonly string[]): Promise<string> {
  const db = kefu.app.kefu.store.database.db as any;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    parts.push(`${table}: ${rows.map((r: unknown) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n\n');
}

export const LIFECYCLE_TABLES = [
  'tickets', 'ticket_agents', 'ticket_tags', 'ticket_status_counts', 'ticket_counts', 'ticket_link_counts',
  'chats', 'ticket_lives', 'messages', 'event_outbox', 'helpdesk_settings',
];

/** A human ticket, an agent's reply and a guest's message: events created, message, updated (1 -> 2), message. */
export async function humanTicketLife(kefu: RunningKefu, client: lark.Client): Promise<string> {
  const started = await client.helpdesk.ticket.startService({ data: { open_id: acme.plain, human_service: true } }, lark.withHelpDeskCredential());
  const ticket_id = started.data!.ticket_id!;
  await kefuOk(kefu, 'POST', `/kefu/v1/tickets/${ticket_id}/replies`, await userToken(kefu, acme.alice), { msg_type: 'text', content: { text: 'On it' } }, true);
  await kefuOk(kefu, 'POST', `/kefu/v1/chats/${started.data!.chat_id}/messages`, await userToken(kefu, acme.plain), { msg_type: 'text', content: '{"text":"thanks"}' });
  return ticket_id;
}
