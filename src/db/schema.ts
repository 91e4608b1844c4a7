// Kysely's view of Kefu's tables. JSON columns are stored as text on both dialects and parsed in the repositories.
import type { Generated } from 'kysely';

export interface TenantTable {
  tenant_key: string;
  name: string;
}

export interface AppTable {
  app_id: string;
  tenant_key: string;
  /** sha256 (hex) of the app secret: the secret itself is never stored. */
  app_secret_hash: string;
  /** JSON array of scope names, e.g. ["helpdesk:all"]. */
  scopes: string;
}

export interface UserTable {
  open_id: string;
  tenant_key: string;
  name: string;
  email: string;
  avatar_url: string;
  department: string;
  department_id: string;
  company_name: string;
  city: string;
  country: string;
  language: string;
  level: number;
  /** JSON array of tag names. */
  tags: string;
}

export interface AccessTokenTable {
  /** sha256 of the token: the token itself is never stored. */
  token_hash: string;
  /** 'tenant' | 'app' | 'user' */
  kind: string;
  app_id: string;
  tenant_key: string;
  open_id: string | null;
  /** Tenant and app tokens are re-derivable from this id (see token-secrets), so Feishu's "same token again" rule works. */
  token_id: string | null;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface HelpdeskTable {
  helpdesk_id: string;
  tenant_key: string;
  name: string;
  /** sha256 (hex) of the helpdesk token: the token itself is never stored. */
  helpdesk_token_hash: string;
  time_zone: string;
  owner_open_id: string;
}

export interface HelpdeskAdminTable {
  helpdesk_id: string;
  open_id: string;
}

export interface SkillTable {
  id: string;
  helpdesk_id: string;
  name: string;
  is_default: number;
  /** JSON array of rules, each with its operand kept in the form it was given. */
  rules: string;
  created_at: number;
}

export interface SkillAgentTable {
  skill_id: string;
  agent_id: string;
}

export interface AgentTable {
  helpdesk_id: string;
  open_id: string;
  /** Stored status: 1 online, 2 offline, 4 removed. Off duty (3) is derived from the schedule. */
  status: number;
  /** JSON array of schedule slots, or null when the agent has none. */
  schedule: string | null;
  created_at: number;
  updated_at: number;
}

export interface TicketTable {
  ticket_id: string;
  helpdesk_id: string;
  guest_id: string;
  agent_owner_id: string | null;
  closed_by_id: string | null;
  ticket_type: number;
  status: number;
  score: number;
  solve: number;
  channel: number;
  created_at: number;
  updated_at: number;
  closed_at: number;
  agent_entry_time: number;
  agent_first_response_time: number;
  agent_last_response_time: number;
  pending_seconds: number;
  /** JSON arrays / objects kept whole: they are only ever answered, never filtered on. */
  agent_ids: string;
  collaborator_ids: string;
  tag_names: string;
  comments: string | null;
  dissatisfaction_reason: string | null;
  customized_fields: string;
}

/** The ticket's small-valued fields, repeated on its link rows so that link filters count inside one index. */
export interface TicketLinkFields {
  helpdesk_id: string;
  ticket_id: string;
  created_at: number;
  status: number;
  ticket_type: number;
  channel: number;
  solve: number;
  score: number;
  updated_at: number;
}

export interface TicketAgentTable extends TicketLinkFields {
  agent_id: string;
}

/** One row per distinct tag of a ticket: its own tag names and its guest's tags. */
export interface TicketTagTable extends TicketLinkFields {
  tag: string;
}

/** The guests of a helpdesk, for the guest_name filter (see migrations/0002-tickets.ts). */
export interface TicketGuestTable {
  helpdesk_id: string;
  guest_id: string;
  /** The guest's name lowered by JavaScript (Unicode case folding on both databases). */
  name_lower: string;
  /** JSON array: the guest's tags as last copied into ticket_tags. */
  tags: string;
}

/** Each two- and three-character piece of a guest's lowered name, with that name. */
export interface TicketGuestGramTable {
  helpdesk_id: string;
  gram: string;
  guest_id: string;
  name_lower: string;
}

/** Tickets per status created in [bucket * span_ms, (bucket + 1) * span_ms): hour, day and week buckets. */
export interface TicketStatusCountTable {
  helpdesk_id: string;
  span_ms: number;
  bucket: number;
  status: number;
  n: number;
}

/** Tickets per status and small-valued fields, in day and week buckets. */
export interface TicketCountTable {
  helpdesk_id: string;
  span_ms: number;
  bucket: number;
  status: number;
  ticket_type: number;
  channel: number;
  solve: number;
  score: number;
  n: number;
}

/** Tickets per status of one agent (kind 'agent') or one tag (kind 'tag'), in day and week buckets. */
export interface TicketLinkCountTable {
  helpdesk_id: string;
  kind: string;
  value: string;
  span_ms: number;
  bucket: number;
  status: number;
  n: number;
}

/** A service chat ('service') or a guest's private chat with the helpdesk bot ('bot'). */
export interface ChatTable {
  chat_id: string;
  helpdesk_id: string;
  guest_id: string;
  kind: string;
  created_at: number;
}

/** What the lifecycle keeps of a ticket it runs, beyond the list's columns (migrations/0004-lifecycle.ts). */
export interface TicketLifeTable {
  ticket_id: string;
  helpdesk_id: string;
  chat_id: string;
  customized_info: string | null;
  /** JSON array: start_service's appointed_agents, which replace routing's candidates while the ticket queues. */
  appointed_agent_ids: string;
  /** JSON array: the FAQ categories the ticket touched in the bot stage (routing rules 14-16). */
  faq_categories: string;
  /** Messages in the ticket so far: the next message's position is this plus one. */
  message_count: number;
  last_message_at: number;
  /** When the ticket entered status 4, or 0 when it is not pending. */
  pending_since: number;
}

export interface MessageTable {
  ticket_message_id: string;
  /** om_ + 32 hex */
  message_id: string;
  /** The UUID a ticket_message.created_v1 carries in its body (answer_user_query takes it). */
  event_id: string;
  helpdesk_id: string;
  chat_id: string;
  ticket_id: string | null;
  /** 1-based order in the ticket (0 outside a ticket). */
  position: number;
  /** 1 bot, 2 guest, 3 agent */
  sender_type: number;
  sender_id: string | null;
  msg_type: string;
  /** JSON: the IM content as given ({text} for text, {post} or {zh_cn...} for post, {image_key} for image). */
  content: string;
  /** The message as plain text (the event's `text`). */
  text: string;
  created_at: number;
}

export interface EventOutboxTable {
  seq: Generated<number>;
  /** 32 hex: header.event_id. */
  event_id: string;
  /** e.g. helpdesk.ticket.updated_v1 */
  event_type: string;
  tenant_key: string;
  helpdesk_id: string;
  ticket_id: string | null;
  create_time: number;
  /** JSON: the envelope's `event` object. */
  event: string;
}

export interface EventSubscriptionTable {
  app_id: string;
  /** 'webhook' | 'long_connection' */
  mode: string;
  request_url: string | null;
  encrypt_key: string | null;
  verification_token: string;
  updated_at: number;
}

export interface EventSubscriptionTypeTable {
  app_id: string;
  event_type: string;
}

export interface HelpdeskEventSubscriptionTable {
  helpdesk_id: string;
  event_type: string;
  app_id: string;
}

export interface EventDeliveryTable {
  /** 32 hex: the header.event_id this app receives for this event, the same on every attempt. */
  event_id: string;
  /** The outbox event's seq. */
  seq: number;
  app_id: string;
  ticket_id: string | null;
  /** 'pending' | 'delivered' | 'failed' */
  status: string;
  /** Finished attempts. */
  attempts: number;
  next_attempt_at: number;
  /** An attempt under way holds the row until then (ms); 0 when none. */
  lease_until: number;
  last_attempt_at: number | null;
  /** What the last attempt got: `HTTP 500`, `timeout`, ... */
  last_outcome: string | null;
  delivered_at: number | null;
}

/** An open long connection (WSClient) in some process, kept alive by that process's heartbeat. */
export interface LongConnectionTable {
  /** The device_id of its URL. */
  connection_id: string;
  app_id: string;
  opened_at: number;
  /** Wall-clock ms: past it, the process holding the connection is presumed gone. */
  alive_until: number;
}

/** One delivery attempt (migration 0012). */
export interface EventAttemptTable {
  attempt_id: string;
  /** The delivery's header event_id. */
  event_id: string;
  app_id: string;
  /** ms, Kefu's clock. */
  started_at: number;
  recorded_at: number;
  /** Wall time from sending to the answer (or the error). */
  latency_ms: number;
  /** 'delivered' | 'failed' */
  outcome: string;
  http_status: number | null;
  /** Without an HTTP answer: 'timeout' | 'refused' | 'unreachable' | 'bad answer' | 'not deliverable'. */
  error: string | null;
  detail: string;
}

export interface HelpdeskSettingsTable {
  helpdesk_id: string;
  bot_idle_close_s: number;
  max_open_tickets_per_agent: number;
  bot_auto_answer: number;
  updated_at: number;
}

/** A helpdesk's ticket or user customized field (kind 'ticket' | 'user'). Booleans are 0/1. */
export interface CustomizedFieldTable {
  field_id: string;
  helpdesk_id: string;
  kind: string;
  key_name: string;
  display_name: string;
  /** A string on the wire ("3"), kept as given. */
  position: string;
  field_type: string;
  description: string;
  visible: number;
  editable: number;
  required: number;
  dropdown_allow_multiple: number;
  /** JSON {children: [...]} as given, or null. */
  dropdown_options: string | null;
  created_at: number;
  updated_at: number;
  created_by: string | null;
  updated_by: string | null;
}

/** An uploaded image: its bytes live here so that every process sees them. */
export interface ImageTable {
  image_key: string;
  tenant_key: string;
  uploaded_by: string;
  content_type: string;
  size: number;
  bytes: Uint8Array;
  created_at: number;
}

/** One routing decision (migrations/0006-routing-decisions.ts). */
export interface RoutingDecisionTable {
  seq: Generated<number>;
  helpdesk_id: string;
  ticket_id: string;
  at_ms: number;
  /** JSON: the decision as answered. */
  decision: string;
}

/** When routing last assigned an agent a ticket. */
export interface RoutingAgentTurnTable {
  helpdesk_id: string;
  agent_id: string;
  last_assigned_at: number;
}

/** A knowledge-base category (migrations/0008-knowledge-base.ts). */
export interface KbCategoryTable {
  category_id: string;
  helpdesk_id: string;
  name: string;
  /** '0' for a root. */
  parent_id: string;
  language: string;
  created_at: number;
  updated_at: number;
}

/** A FAQ; times in ms (answered in seconds). */
export interface FaqTable {
  faq_id: string;
  helpdesk_id: string;
  question: string;
  answer: string;
  /** JSON array [{content, type}]. */
  answer_richtext: string;
  /** JSON array of similar questions. */
  tags: string;
  /** The normalised question and similar questions, for GET /faqs's `search`. */
  search_text: string;
  /** 1 online, 0 deleted (recoverable), 2 deleted for good. */
  status: number;
  created_at: number;
  updated_at: number;
  /** 0 when the FAQ never expires. */
  expire_time: number;
  created_by: string | null;
  updated_by: string | null;
}

export interface FaqCategoryTable {
  faq_id: string;
  category_id: string;
}

/** A notification of the push centre (migrations/0009-notifications.ts); status as docs/notifications.md numbers it. */
export interface NotificationTable {
  notification_id: string;
  helpdesk_id: string;
  job_name: string;
  status: number;
  /** The interactive card, as the JSON text the caller gave. */
  push_content: string;
  push_type: number;
  push_scope_type: number;
  new_staff_scope_type: number | null;
  /** JSON arrays. */
  new_staff_scope_department_list: string;
  user_ids: string;
  department_list: string;
  chat_list: string;
  ext: string | null;
  send_at: number | null;
  submit_reason: string | null;
  target_user_count: number;
  create_user_id: string;
  update_user_id: string;
  created_at: number;
  updated_at: number;
}

/** A user a notification was sent to, and the message it became in their chat with the helpdesk bot. */
export interface NotificationRecipientTable {
  notification_id: string;
  open_id: string;
  chat_id: string;
  message_id: string;
  sent_at: number;
  recalled_at: number | null;
}

export interface SignInLinkTable {
  /** sha256 of the link's token. */
  link_hash: string;
  open_id: string;
  next_path: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface BrowserSessionTable {
  /** sha256 of the cookie's value. */
  session_hash: string;
  open_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface UserPasswordTable {
  open_id: string;
  /** 'scrypt' */
  kdf: string;
  /** JSON of the function's cost parameters, e.g. {"N":32768,"r":8,"p":1,"keylen":32}. */
  params: string;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
  updated_at: number;
}

export interface AppRedirectUriTable {
  app_id: string;
  redirect_uri: string;
}

export interface AuthorizationCodeTable {
  /** sha256 of the code. */
  code_hash: string;
  app_id: string;
  open_id: string;
  redirect_uri: string;
  expires_at: number;
  used_at: number | null;
}

export interface RefreshTokenTable {
  /** sha256 of the refresh token. */
  token_hash: string;
  app_id: string;
  open_id: string;
  expires_at: number;
  used_at: number | null;
}

export interface Schema {
  tenants: TenantTable;
  apps: AppTable;
  users: UserTable;
  access_tokens: AccessTokenTable;
  settings: SettingTable;
  helpdesks: HelpdeskTable;
  helpdesk_admins: HelpdeskAdminTable;
  skills: SkillTable;
  skill_agents: SkillAgentTable;
  agents: AgentTable;
  tickets: TicketTable;
  ticket_agents: TicketAgentTable;
  ticket_tags: TicketTagTable;
  ticket_guests: TicketGuestTable;
  ticket_guest_grams: TicketGuestGramTable;
  ticket_status_counts: TicketStatusCountTable;
  ticket_counts: TicketCountTable;
  ticket_link_counts: TicketLinkCountTable;
  chats: ChatTable;
  ticket_lives: TicketLifeTable;
  messages: MessageTable;
  event_outbox: EventOutboxTable;
  event_subscriptions: EventSubscriptionTable;
  event_subscription_types: EventSubscriptionTypeTable;
  helpdesk_event_subscriptions: HelpdeskEventSubscriptionTable;
  event_deliveries: EventDeliveryTable;
  long_connections: LongConnectionTable;
  event_attempts: EventAttemptTable;
  helpdesk_settings: HelpdeskSettingsTable;
  customized_fields: CustomizedFieldTable;
  images: ImageTable;
  routing_decisions: RoutingDecisionTable;
  routing_agent_turns: RoutingAgentTurnTable;
  kb_categories: KbCategoryTable;
  faqs: FaqTable;
  faq_categories: FaqCategoryTable;
  notifications: NotificationTable;
  notification_recipients: NotificationRecipientTable;
  sign_in_links: SignInLinkTable;
  browser_sessions: BrowserSessionTable;
  user_passwords: UserPasswordTable;
  app_redirect_uris: AppRedirectUriTable;
  authorization_codes: AuthorizationCodeTable;
  refresh_tokens: RefreshTokenTable;
}

