// Every endpoint Kefu serves, once: how it is called, who may call it, a request that succeeds against
// fixtures/example.json as loaded, and which tables it may change. The hostile-input fuzzers, the isolation matrix
// and the secrets check iterate over this list, so a new endpoint is one entry here.
import type { Schema } from '../../src/db/schema.js';
import { acme } from './kefu.js';

export type TableName = keyof Schema;

/**
 * public: no credentials (the auth/v3 token endpoints, flat answers); probe: /healthz, /readyz and /metrics (not
 * Feishu APIs);
 * read: a tenant or user token with a helpdesk scope; adminWrite: a user token, helpdesk:all, owner or admin;
 * adminRead: a user token, owner or admin; tenantWrite: a tenant token with helpdesk:all (the app as the helpdesk
 * bot); userWrite: a user token of an agent, an admin or the owner; guest: Kefu's guest API (a user token, no
 * helpdesk header); userUpload: any user's token with helpdesk:all and no helpdesk header (Kefu's image upload);
 * appTenant: the named app's own tenant token and no helpdesk header (Kefu's app settings: events); appToken: the
 * app itself by its app or tenant token, no helpdesk header (Feishu's OIDC token endpoints).
 */
export type Access = 'public' | 'probe' | 'read' | 'adminWrite' | 'adminRead' | 'tenantWrite' | 'userWrite' | 'guest' | 'userUpload' | 'appTenant' | 'appToken';

export interface ExampleRequest {
  params?: Record<string, string>;
  /** Pairs in order, so repeated keys can be expressed. */
  query?: [string, string][];
  /** A body that is not JSON, sent as this text with this Content-Type (a multipart upload). */
  body?: unknown;
  contentType?: string;
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify's template, e.g. /open-apis/helpdesk/v1/agent_skills/:agent_skill_id */
  path: string;
  access: Access;
  example: ExampleRequest;
  /** Query keys the endpoint reads (fuzzers mix them with hostile ones); defaults to the example's keys. */
  queryKeys?: string[];
  /** The tables a call may change; empty for reads. A refused call is checked against every table (state.ts). */
  writes: TableName[];
  /**
   * What the example needs that the example world does not hold (a live ticket, a message's event id): its call is
   * refused there, so the catalogue-wide success check skips it; the endpoint's own tests make that state first.
   */
  needs?: string;
  /** The helpdesk header may be left out: the notification in the path names the helpdesk. */
  helpdeskOptional?: boolean;
  /** A success answers file bytes, not the envelope (errors are still the envelope). */
  binary?: boolean;
  /** A probe whose success is plain text (Prometheus's format), not a JSON document. */
  plainText?: boolean;
  /** What the example answers against the example world when that is not 200 (it holds no object the call needs). */
  exampleStatus?: number;
  /** The answer when the ids the example names are another tenant's (default 400/154000 when it names any). */
  unknownIdAnswer?: { status: number; code: number };
  /** Codes the endpoint refuses with at HTTP 200, with `data: {}` (the long connection's endpoint, as Feishu's). */
  refusalCodes?: number[];
}

/** A small multipart upload: a GIF is recognised by its first six bytes, so ASCII after them travels safely as text. */
const MULTIPART_BOUNDARY = 'kefu-example-boundary';
const exampleUpload = [
  `--${MULTIPART_BOUNDARY}`,
  'Content-Disposition: form-data; name="image"; filename="dot.gif"',
  'Content-Type: image/gif',
  '',
  'GIF89a-a-tiny-example-image',
  `--${MULTIPART_BOUNDARY}--`,
  '',
].join('\r\n');

const helpdeskV1 = '/open-apis/helpdesk/v1';
const weekdays = [{ weekday: 10, start_time: '09:00', end_time: '18:00' }];
const appCredentials = { app_id: acme.app.appId, app_secret: acme.app.appSecret };
const tokenTables: TableName[] = ['access_tokens', 'settings'];
const skillTables: TableName[] = ['skills', 'skill_agents'];
const agentTables: TableName[] = ['agents', 'skill_agents'];

export const endpoints: Endpoint[] = [
  { method: 'POST', path: '/open-apis/auth/v3/tenant_access_token/internal', access: 'public', example: { body: appCredentials }, writes: tokenTables },
  { method: 'POST', path: '/open-apis/auth/v3/app_access_token/internal', access: 'public', example: { body: appCredentials }, writes: tokenTables },
  { method: 'GET', path: `${helpdeskV1}/agent_skills`, access: 'read', example: {}, writes: [] },
  {
    method: 'GET',
    path: `${helpdeskV1}/agent_skills/:agent_skill_id`,
    access: 'read',
    example: { params: { agent_skill_id: 'skill-japanese' } },
    writes: [],
  },
  {
    method: 'POST',
    path: `${helpdeskV1}/agent_skills`,
    access: 'adminWrite',
    example: {
      body: { name: 'Billing', rules: [{ id: '10', selected_operator: 5, operand: '{"languages":["en_us"]}' }], agent_ids: [acme.alice] },
    },
    writes: skillTables,
  },
  {
    method: 'PATCH',
    path: `${helpdeskV1}/agent_skills/:agent_skill_id`,
    access: 'adminWrite',
    example: {
      params: { agent_skill_id: 'skill-japanese' },
      body: { agent_skill: { name: '日本語', rules: [{ id: '10', selected_operator: 5, operand: { languages: ['ja_jp'] } }], agent_ids: [acme.bob, acme.carol] } },
    },
    writes: skillTables,
  },
  {
    method: 'DELETE',
    path: `${helpdeskV1}/agent_skills/:agent_skill_id`,
    access: 'adminWrite',
    example: { params: { agent_skill_id: 'skill-it' } },
    writes: skillTables,
  },
  { method: 'GET', path: `${helpdeskV1}/agent_skill_rules`, access: 'read', example: {}, writes: [] },
  {
    method: 'GET',
    path: `${helpdeskV1}/agent_schedules`,
    access: 'read',
    example: { query: [['status', '1'], ['status', '2'], ['status', '3']] },
    writes: [],
  },
  {
    method: 'POST',
    path: `${helpdeskV1}/agent_schedules`,
    access: 'adminWrite',
    example: { body: { agent_schedules: [{ agent_id: acme.plain, schedule: weekdays, agent_skill_ids: ['skill-japanese'] }] } },
    writes: [...agentTables, 'skills'],
  },
  {
    method: 'PATCH',
    path: `${helpdeskV1}/agents/:agent_id`,
    access: 'adminWrite',
    example: { params: { agent_id: acme.alice }, body: { status: 2 } },
    writes: ['agents'],
  },
  {
    method: 'GET',
    path: `${helpdeskV1}/agents/:agent_id/schedules`,
    access: 'read',
    example: { params: { agent_id: acme.alice } },
    writes: [],
  },
  {
    method: 'PATCH',
    path: `${helpdeskV1}/agents/:agent_id/schedules`,
    access: 'adminWrite',
    example: { params: { agent_id: acme.bob }, body: { agent_schedule: { schedule: weekdays, agent_skill_ids: ['skill-japanese'] } } },
    writes: agentTables,
  },
  {
    method: 'DELETE',
    path: `${helpdeskV1}/agents/:agent_id/schedules`,
    access: 'adminWrite',
    example: { params: { agent_id: acme.carol } },
    writes: agentTables,
  },
  { method: 'GET', path: `${helpdeskV1}/agent_emails`, access: 'read', example: {}, writes: [] },
  {
    method: 'GET',
    path: `${helpdeskV1}/tickets`,
    access: 'read',
    example: {
      query: [['status_list', '51'], ['status_list', '50'], ['guest_name', 'zhang'], ['create_time_start', '1600000000000'], ['create_time_end', '1800000000000'], ['page', '1'], ['page_size', '20']],
    },
    queryKeys: [
      'ticket_id', 'agent_id', 'closed_by_id', 'type', 'channel', 'solved', 'score', 'status_list', 'guest_name', 'guest_id', 'tags', 'page',
      'page_size', 'create_time_start', 'create_time_end', 'update_time_start', 'update_time_end',
    ],
    writes: [],
  },
  { method: 'GET', path: `${helpdeskV1}/tickets/:ticket_id`, access: 'read', example: { params: { ticket_id: '6626871355780366331' } }, writes: [] },
  {
    method: 'POST',
    path: `${helpdeskV1}/ticket_customized_fields`,
    access: 'adminWrite',
    example: {
      body: {
        helpdesk_id: acme.helpdesk.helpDeskId, key_name: 'warranty', display_name: 'Warranty', position: '4', field_type: 'dropdown',
        description: 'Is the device under warranty', visible: true, required: false, dropdown_options: { children: [{ tag: 'yes', display_name: 'Yes' }] },
      },
    },
    writes: ['customized_fields'],
  },
  {
    method: 'GET',
    path: `${helpdeskV1}/ticket_customized_fields`,
    access: 'read',
    // The SDK's GET body ({visible}) is covered by the route's tests; here the filter rides in the query.
    example: { query: [['page_size', '2'], ['visible', 'true']] },
    queryKeys: ['page_token', 'page_size', 'visible'],
    writes: [],
  },
  {
    method: 'GET',
    path: `${helpdeskV1}/ticket_customized_fields/:ticket_customized_field_id`,
    access: 'read',
    example: { params: { ticket_customized_field_id: '124' } },
    writes: [],
  },
  {
    method: 'PATCH',
    path: `${helpdeskV1}/ticket_customized_fields/:ticket_customized_field_id`,
    access: 'adminWrite',
    example: { params: { ticket_customized_field_id: '124' }, body: { display_name: 'Area', position: '5', visible: false } },
    writes: ['customized_fields'],
  },
  {
    method: 'DELETE',
    path: `${helpdeskV1}/ticket_customized_fields/:ticket_customized_field_id`,
    access: 'adminWrite',
    example: { params: { ticket_customized_field_id: '125' } },
    writes: ['customized_fields'],
  },
  { method: 'GET', path: `${helpdeskV1}/customized_fields`, access: 'read', example: { query: [['visible_only', 'true']] }, writes: [] },
  {
    method: 'GET',
    path: `${helpdeskV1}/ticket_images`,
    access: 'read',
    example: { query: [['ticket_id', '6626871355780366331'], ['msg_id', '6626871355780366999'], ['index', '0']] },
    binary: true,
    // The example world holds no message with an image: the route's own tests upload and fetch real ones.
    exampleStatus: 404,
    unknownIdAnswer: { status: 404, code: 154004 },
    writes: [],
  },
  {
    method: 'POST',
    path: '/kefu/v1/images',
    access: 'userUpload',
    example: { body: exampleUpload, contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` },
    writes: ['images'],
  },
  ...knowledgeBaseEndpoints(),
  ...lifecycleEndpoints(),
  { method: 'GET', path: '/kefu/v1/tickets/:ticket_id/routing', access: 'read', example: { params: { ticket_id: '6626871355780366331' } }, writes: [] },
  ...eventEndpoints(),
  ...notificationEndpoints(),
  ...authenEndpoints(),
  { method: 'GET', path: '/healthz', access: 'probe', example: {}, writes: [] },
  { method: 'GET', path: '/readyz', access: 'probe', example: {}, writes: [] },
  { method: 'GET', path: '/metrics', access: 'probe', example: {}, writes: [], plainText: true },
];

export const describeEndpoint = (e: Endpoint) => `${e.method} ${e.path}`;

/** The endpoints that speak the helpdesk envelope behind an access rule. */
export const helpdeskEndpoints = endpoints.filter((e) => e.access === 'read' || e.access === 'adminWrite');

/** The example's body as sent: JSON, unless the example gives its own Content-Type (then the text as it is). */
export function exampleBody(e: Endpoint): string | undefined {
  if (e.example.body === undefined) return undefined;
  return e.example.contentType === undefined ? JSON.stringify(e.example.body) : String(e.example.body);
}

export const isWrite = (e: Endpoint) => e.method !== 'GET';

export function queryKeysOf(e: Endpoint): string[] {
  return e.queryKeys ?? [...new Set((e.example.query ?? []).map(([k]) => k))];
}

/** The path with its parameters filled in (percent-encoded unless `raw`). */
export function fillPath(e: Endpoint, params: Record<string, string> = e.example.params ?? {}, raw = false): string {
  return e.path.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = params[name] ?? '';
    return raw ? value : encodeURIComponent(value);
  });
}

export function encodeQuery(pairs: readonly [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The example's request target: path and query. */
export function exampleTarget(e: Endpoint): string {
  const query = encodeQuery(e.example.query ?? []);
  return query ? `${fillPath(e)}?${query}` : fillPath(e);
}

/** Event delivery: Feishu's events/subscribe and events/unsubscribe, then Kefu's app subscription and delivery log. */
function eventEndpoints(): Endpoint[] {
  const ticketCreated = { events: [{ type: 'helpdesk.ticket', subtype: 'ticket.created_v1' }] };
  const ownApp = { app_id: acme.app.appId };
  const otherApp = { status: 403, code: 154003 };
  const subscription = { mode: 'long_connection', verification_token: 'vt-example', event_types: ['helpdesk.ticket.created_v1'] };
  return [
    { method: 'POST', path: `${helpdeskV1}/events/subscribe`, access: 'tenantWrite', example: { body: ticketCreated }, writes: ['helpdesk_event_subscriptions'] },
    { method: 'POST', path: `${helpdeskV1}/events/unsubscribe`, access: 'tenantWrite', example: { body: ticketCreated }, writes: ['helpdesk_event_subscriptions'] },
    // The example world gives acme's app no subscription: GET finds none until PUT made one.
    { method: 'GET', path: '/kefu/v1/apps/:app_id/event_subscription', access: 'appTenant', example: { params: ownApp }, writes: [], exampleStatus: 404, unknownIdAnswer: otherApp },
    {
      method: 'PUT', path: '/kefu/v1/apps/:app_id/event_subscription', access: 'appTenant', example: { params: ownApp, body: subscription },
      writes: ['event_subscriptions', 'event_subscription_types', 'app_redirect_uris'], unknownIdAnswer: otherApp,
    },
    { method: 'GET', path: '/kefu/v1/apps/:app_id/events', access: 'appTenant', example: { params: ownApp, query: [['status', 'failed']] }, writes: [], unknownIdAnswer: otherApp },
    // The example world has no deliveries: an event_id finds none.
    {
      method: 'GET', path: '/kefu/v1/apps/:app_id/events/:event_id', access: 'appTenant', example: { params: { ...ownApp, event_id: '0'.repeat(32) } },
      writes: [], exampleStatus: 404, unknownIdAnswer: otherApp,
    },
    {
      method: 'POST', path: '/kefu/v1/apps/:app_id/events/:event_id/redeliver', access: 'appTenant', example: { params: { ...ownApp, event_id: '0'.repeat(32) } },
      writes: ['event_deliveries'], needs: 'an event delivered to the app', unknownIdAnswer: otherApp,
    },
    // The long connection's endpoint (the SDK's WSClient): app id and secret in the body; the server secret that
    // signs its URL may be made on the first call.
    { method: 'POST', path: '/callback/ws/endpoint', access: 'public', example: { body: { AppID: acme.app.appId, AppSecret: acme.app.appSecret } }, writes: ['settings'],
      refusalCodes: [514, 1000040350] },
  ];
}

/**
 * The push centre: Feishu's notification endpoints, then Kefu's review. The example world holds no notification, so
 * every call on one answers 404/154004 there; the routes' own tests (and the conformance test) make one first.
 */
function notificationEndpoints(): Endpoint[] {
  const card = JSON.stringify({ elements: [{ tag: 'div', text: { tag: 'lark_md', content: 'Maintenance tonight' } }] });
  const body = { job_name: 'Maintenance', push_content: card, push_type: 0, push_scope_type: 2, user_list: [{ user_id: acme.guestZhang }] };
  const params = { notification_id: '7000000000000000000' };
  const unknown = { exampleStatus: 404, unknownIdAnswer: { status: 404, code: 154004 } };
  const writes: TableName[] = ['notifications', 'notification_recipients', 'chats', 'messages', 'event_outbox', 'event_deliveries'];
  const action = (name: string, example: unknown): Endpoint => ({
    method: 'POST', path: `${helpdeskV1}/notifications/:notification_id/${name}`, access: 'adminWrite', example: { params, ...(example === undefined ? {} : { body: example }) }, writes, ...unknown,
    ...(name === 'preview' || name === 'submit_approve' ? { helpdeskOptional: true } : {}),
  });
  return [
    { method: 'POST', path: `${helpdeskV1}/notifications`, access: 'adminWrite', example: { body }, queryKeys: ['user_id_type'], writes: ['notifications'] },
    { method: 'GET', path: `${helpdeskV1}/notifications/:notification_id`, access: 'read', example: { params }, queryKeys: ['user_id_type'], writes: [], ...unknown },
    {
      method: 'PATCH', path: `${helpdeskV1}/notifications/:notification_id`, access: 'adminWrite', example: { params, body: { job_name: 'Maintenance moved' } },
      queryKeys: ['user_id_type'], writes: ['notifications'], ...unknown,
    },
    action('preview', undefined),
    action('submit_approve', { reason: 'planned downtime' }),
    action('cancel_approve', undefined),
    action('execute_send', { send_at: '1795572000000' }),
    action('cancel_send', { is_recall: true }),
    { method: 'POST', path: '/kefu/v1/notifications/:notification_id/review', access: 'adminWrite', example: { params, body: { approve: true } }, writes, ...unknown },
  ];
}

/** Feishu's OIDC token exchanges (a code or refresh token comes from the authorize page first) and user_info. */
function authenEndpoints(): Endpoint[] {
  const oidcTables: TableName[] = ['access_tokens', 'authorization_codes', 'refresh_tokens'];
  return [
    {
      method: 'POST', path: '/open-apis/authen/v1/oidc/access_token', access: 'appToken', example: { body: { grant_type: 'authorization_code', code: 'code-from-authorize' } },
      writes: oidcTables, needs: 'an authorization code from the authorize page',
    },
    {
      method: 'POST', path: '/open-apis/authen/v1/oidc/refresh_access_token', access: 'appToken', example: { body: { grant_type: 'refresh_token', refresh_token: 'ur-from-access-token' } },
      writes: oidcTables, needs: 'a refresh token from oidc/access_token',
    },
    { method: 'GET', path: '/open-apis/authen/v1/user_info', access: 'guest', example: {}, writes: [] },
  ];
}

/** The ticket lifecycle's endpoints: Feishu's, then Kefu's own. */
function lifecycleEndpoints(): Endpoint[] {
  const closedTicket = { ticket_id: '6626871355780366331' };
  const lifeTables: TableName[] = ['tickets', 'ticket_agents', 'ticket_tags', 'ticket_guests', 'ticket_guest_grams', 'ticket_status_counts', 'ticket_counts', 'ticket_link_counts', 'chats', 'ticket_lives', 'messages', 'event_outbox'];
  const text = { msg_type: 'text', content: '{"text":"hello"}' };
  const someChat = { chat_id: `oc_${'0'.repeat(32)}` };
  const liveTicket = 'an open ticket in a chat';
  return [
    { method: 'POST', path: `${helpdeskV1}/start_service`, access: 'tenantWrite', example: { body: { open_id: acme.plain } }, writes: lifeTables },
    { method: 'PUT', path: `${helpdeskV1}/tickets/:ticket_id`, access: 'userWrite', example: { params: closedTicket, body: { tag_names: ['vip'] } }, writes: lifeTables },
    {
      method: 'POST', path: `${helpdeskV1}/tickets/:ticket_id/answer_user_query`, access: 'tenantWrite',
      example: { params: closedTicket, body: { event_id: '00000000-0000-4000-8000-000000000000' } }, writes: lifeTables, needs: 'a bot-stage ticket and a message event id',
    },
    { method: 'GET', path: `${helpdeskV1}/tickets/:ticket_id/messages`, access: 'read', example: { params: closedTicket, query: [['page', '1'], ['page_size', '20']] }, queryKeys: ['time_start', 'time_end', 'page', 'page_size'], writes: [] },
    { method: 'POST', path: `${helpdeskV1}/tickets/:ticket_id/messages`, access: 'tenantWrite', example: { params: closedTicket, body: text }, writes: lifeTables, needs: liveTicket },
    { method: 'POST', path: `${helpdeskV1}/message`, access: 'tenantWrite', example: { body: { ...text, receiver_id: acme.guestZhang, receive_type: 'user' } }, writes: lifeTables },
    { method: 'POST', path: '/kefu/v1/helpdesks/:helpdesk_id/chats', access: 'guest', example: { params: { helpdesk_id: acme.helpdesk.helpDeskId }, body: {} }, writes: lifeTables },
    { method: 'GET', path: '/kefu/v1/helpdesks/:helpdesk_id/settings', access: 'adminRead', example: { params: { helpdesk_id: acme.helpdesk.helpDeskId } }, writes: [] },
    { method: 'PATCH', path: '/kefu/v1/helpdesks/:helpdesk_id/settings', access: 'adminWrite', example: { params: { helpdesk_id: acme.helpdesk.helpDeskId }, body: { bot_idle_close_s: 900 } }, writes: ['helpdesk_settings'] },
    { method: 'GET', path: '/kefu/v1/chats', access: 'guest', example: {}, writes: [] },
    { method: 'GET', path: '/kefu/v1/chats/:chat_id/messages', access: 'guest', example: { params: someChat }, queryKeys: ['page', 'page_size'], writes: [], needs: 'a chat of the guest' },
    { method: 'POST', path: '/kefu/v1/chats/:chat_id/messages', access: 'guest', example: { params: someChat, body: text }, writes: lifeTables, needs: 'a chat of the guest' },
    { method: 'POST', path: '/kefu/v1/chats/:chat_id/transfer', access: 'guest', example: { params: someChat }, writes: lifeTables, needs: liveTicket },
    { method: 'POST', path: '/kefu/v1/chats/:chat_id/close', access: 'guest', example: { params: someChat, body: { score: 3 } }, writes: lifeTables, needs: liveTicket },
    { method: 'POST', path: '/kefu/v1/tickets/:ticket_id/replies', access: 'userWrite', example: { params: closedTicket, body: text }, writes: lifeTables, needs: liveTicket },
  ];
}

/** Categories and FAQs (docs/knowledge-base.md): an unknown or another helpdesk's id is 404/154004 there. */
function knowledgeBaseEndpoints(): Endpoint[] {
  const unknownIdAnswer = { status: 404, code: 154004 };
  const kb: TableName[] = ['kb_categories', 'faqs', 'faq_categories'];
  const category = { id: '7100000000000000003' };
  const faq = { id: '7200000000000000002' };
  return [
    { method: 'GET', path: `${helpdeskV1}/categories`, access: 'read', example: { query: [['lang', 'en_us'], ['order_by', '1'], ['asc', 'true']] }, writes: [] },
    { method: 'POST', path: `${helpdeskV1}/categories`, access: 'userWrite', example: { body: { name: 'Hardware', parent_id: '0', language: 'en_us' } }, writes: kb },
    { method: 'GET', path: `${helpdeskV1}/categories/:id`, access: 'read', example: { params: category }, writes: [], unknownIdAnswer },
    { method: 'PATCH', path: `${helpdeskV1}/categories/:id`, access: 'userWrite', example: { params: category, body: { name: 'Network' } }, writes: kb, unknownIdAnswer },
    { method: 'DELETE', path: `${helpdeskV1}/categories/:id`, access: 'userWrite', example: { params: { id: '7100000000000000004' } }, writes: kb, unknownIdAnswer },
    {
      method: 'GET', path: `${helpdeskV1}/faqs`, access: 'read', example: { query: [['status', '1'], ['search', 'vpn'], ['page_size', '2']] },
      queryKeys: ['category_id', 'status', 'search', 'page_token', 'page_size'], writes: [],
    },
    {
      method: 'GET', path: `${helpdeskV1}/faqs/search`, access: 'read', example: { query: [['query', 'cmVzZXQgcGFzc3dvcmQ='], ['base64', 'true']] },
      queryKeys: ['query', 'base64', 'page_token', 'page_size'], writes: [],
    },
    {
      method: 'POST', path: `${helpdeskV1}/faqs`, access: 'userWrite',
      example: { body: { faq: { question: 'Where is the printer?', answer_richtext: '[{"content":"Second floor","type":"text"}]', tags: ['printer location'] } } }, writes: kb,
    },
    { method: 'GET', path: `${helpdeskV1}/faqs/:id`, access: 'read', example: { params: faq }, writes: [], unknownIdAnswer },
    {
      method: 'PATCH', path: `${helpdeskV1}/faqs/:id`, access: 'userWrite', example: { params: faq, body: { faq: { answer_richtext: [{ content: 'Restart it', type: 'text' }] } } },
      writes: kb, unknownIdAnswer,
    },
    { method: 'DELETE', path: `${helpdeskV1}/faqs/:id`, access: 'userWrite', example: { params: { id: '7200000000000000001' } }, writes: kb, unknownIdAnswer },
    {
      method: 'GET', path: `${helpdeskV1}/faqs/:id/image/:image_key`, access: 'read', example: { params: { id: faq.id, image_key: 'img_v3_00000000-0000-0000-0000-000000000000' } },
      binary: true,
      // The example world's FAQs show no image: the route's own tests upload one and fetch it.
      exampleStatus: 404, unknownIdAnswer, writes: [],
    },
  ];
}
