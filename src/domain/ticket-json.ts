// A ticket's JSON as GET /tickets and /tickets/:ticket_id answer it, written straight from its row: the very bytes
// the TicketView schema's serialiser (fast-json-stringify) writes for the view built from that row, without building
// the view. Why by hand: measured on the uncached filtered list (docs/benchmarks.md, issue 16), building 50 views of
// shared people objects and serialising them through the schema's generated functions cost more than writing each
// ticket's text at once, with each person's text written once and kept.
//
// The serialiser's rules, which the bytes depend on (test/domain/ticket-json.test.ts compares them with it):
// - required properties first, in the schema's order, then the optional ones present, in the schema's order;
// - a string is escaped as JSON.stringify escapes it; null in a string property is ""; another value is its text;
// - an integer property truncates a fraction (a number property is written as JavaScript writes it: the one,
//   agent_service_duration, is always finite);
// - a nested object that is null is {}; a missing required property is an error.
import type { TicketTable, UserTable } from '../db/schema.js';
import { ticketDurations } from './ticket-durations.js';

/** A ticket's stored columns, as the database answers them (the JSON texts kept whole). */
export type TicketColumns = Omit<TicketTable, 'agent_ids' | 'collaborator_ids' | 'tag_names'>;

/** A person's fields as the users table holds them. */
export type PersonFields = Pick<UserTable, 'open_id' | 'avatar_url' | 'name' | 'email' | 'department' | 'city' | 'country'>;

/** The JSON of the person with this id: a known user in full, anyone else as {"id": ...}. */
export type PersonJson = (id: unknown) => string;

// The characters JSON.stringify escapes: a string without them is written as it is, between quotes.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A JSON string, escaped as JSON.stringify (and the schema's serialiser) escape it. */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** A value in a string property. */
function str(v: unknown): string {
  if (typeof v === 'string') return jsonString(v);
  if (v === null) return '""';
  if (v instanceof Date) return `"${v.toISOString()}"`;
  if (v instanceof RegExp) return jsonString(v.source);
  return jsonString(String((v as object).toString()));
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/**
 * A value in an integer property. Timestamps in milliseconds are past 2^31, and V8 writes such a number through its
 * general double-to-text path: about 70 ns each, ten of them a ticket. Written as two small integers instead, about
 * 25 ns (measured on this machine's Node 20).
 */
function int(v: unknown): string {
  if (Number.isInteger(v)) {
    const n = v as number;
    if (n < 2 ** 31 || n > Number.MAX_SAFE_INTEGER) return '' + n;
    const high = Math.floor(n / 1e9);
    const low = '' + (n - high * 1e9);
    return high + ZEROS[9 - low.length] + low;
  }
  if (typeof v === 'bigint') return v.toString();
  const whole = Math.trunc(v as number);
  if (!Number.isFinite(whole)) throw new Error(`The value "${String(v)}" cannot be converted to an integer.`);
  return '' + whole;
}

const bool = (v: unknown): string => (v ? 'true' : 'false');

function required(obj: Record<string, unknown>, key: string): unknown {
  const v = obj[key];
  if (v === undefined) throw new Error(`"${key}" is required!`);
  return v;
}

/** A TicketUser from a users row. */
export function personJson(u: PersonFields): string {
  let json = `{"id":${str(u.open_id)}`;
  if (u.avatar_url !== undefined) json += `,"avatar_url":${str(u.avatar_url)}`;
  if (u.name !== undefined) json += `,"name":${str(u.name)}`;
  if (u.email !== undefined) json += `,"email":${str(u.email)}`;
  if (u.department !== undefined) json += `,"department":${str(u.department)}`;
  if (u.city !== undefined) json += `,"city":${str(u.city)}`;
  if (u.country !== undefined) json += `,"country":${str(u.country)}`;
  return json + '}';
}

/** A TicketUser Kefu does not know (or not in this tenant): its id alone. */
export const unknownPersonJson = (id: unknown): string => `{"id":${str(id)}}`;

function commentJson(c: unknown): string {
  if (c === null) return '{}';
  const o = c as Record<string, unknown>;
  return (
    `{"content":${str(required(o, 'content'))},"created_at":${int(required(o, 'created_at'))},"id":${int(required(o, 'id'))}` +
    `,"user_avatar_url":${str(required(o, 'user_avatar_url'))},"user_name":${str(required(o, 'user_name'))},"user_id":${int(required(o, 'user_id'))}}`
  );
}

function i18nJson(t: unknown): string {
  if (t === null) return '{}';
  const o = t as Record<string, unknown>;
  let json = '';
  if (o.zh_cn !== undefined) json += `,"zh_cn":${str(o.zh_cn)}`;
  if (o.en_us !== undefined) json += `,"en_us":${str(o.en_us)}`;
  if (o.ja_jp !== undefined) json += `,"ja_jp":${str(o.ja_jp)}`;
  return `{${json.slice(1)}}`;
}

function customizedFieldJson(f: unknown): string {
  if (f === null) return '{}';
  const o = f as Record<string, unknown>;
  return (
    `{"id":${str(required(o, 'id'))},"value":${str(required(o, 'value'))},"key_name":${str(required(o, 'key_name'))}` +
    `,"display_name":${str(required(o, 'display_name'))},"position":${int(required(o, 'position'))}` +
    `,"required":${bool(required(o, 'required'))},"editable":${bool(required(o, 'editable'))}}`
  );
}

function peopleJson(ids: unknown, person: PersonJson, property: string): string {
  if (!Array.isArray(ids)) throw new TypeError(`The value of '#/properties/${property}' does not match schema definition.`);
  let json = '[';
  for (let i = 0; i < ids.length; i++) json += i === 0 ? person(ids[i]) : `,${person(ids[i])}`;
  return json + ']';
}

/**
 * The ticket's JSON. `agentIds` and `collaboratorIds` are its id lists already parsed (the caller read them to find
 * the people); `person` gives each person's JSON.
 */
export function ticketJson(row: TicketColumns, agentIds: unknown, collaboratorIds: unknown, person: PersonJson): string {
  const d = ticketDurations(row);
  let json =
    `{"ticket_id":${str(row.ticket_id)},"helpdesk_id":${str(row.helpdesk_id)},"guest":${person(row.guest_id)}` +
    `,"ticket_type":${int(row.ticket_type)},"status":${int(row.status)},"score":${int(row.score)}` +
    `,"created_at":${int(row.created_at)},"updated_at":${int(row.updated_at)},"closed_at":${int(row.closed_at)}` +
    `,"agents":${peopleJson(agentIds, person, 'agents')},"channel":${int(row.channel)},"solve":${int(row.solve)}` +
    `,"collaborators":${peopleJson(collaboratorIds, person, 'collaborators')}` +
    `,"agent_service_duration":${d.agent_service_duration},"agent_first_response_duration":${int(d.agent_first_response_duration)}` +
    `,"bot_service_duration":${int(d.bot_service_duration)},"agent_resolution_time":${int(d.agent_resolution_time)}` +
    `,"actual_processing_time":${int(d.actual_processing_time)},"agent_entry_time":${int(row.agent_entry_time)}` +
    `,"agent_first_response_time":${int(row.agent_first_response_time)},"agent_last_response_time":${int(row.agent_last_response_time)}`;
  if (row.comments !== null) json += `,"comments":${commentJson(JSON.parse(row.comments))}`;
  if (row.dissatisfaction_reason !== null) json += `,"dissatisfaction_reason":${i18nJson(JSON.parse(row.dissatisfaction_reason))}`;
  if (row.closed_by_id) json += `,"closed_by":${person(row.closed_by_id)}`;
  if (row.customized_fields !== '[]') {
    const fields = JSON.parse(row.customized_fields);
    if (fields && fields.length > 0) {
      if (!Array.isArray(fields)) throw new TypeError("The value of '#/properties/customized_fields' does not match schema definition.");
      json += `,"customized_fields":[${fields.map(customizedFieldJson).join(',')}]`;
    }
  }
  if (row.agent_owner_id) json += `,"agent_owner":${person(row.agent_owner_id)}`;
  return json + '}';
}
