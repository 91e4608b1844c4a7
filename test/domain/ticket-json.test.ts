// GET /tickets and /tickets/:ticket_id write each ticket's JSON by hand (src/domain/ticket-json.ts). The bytes a
// client receives must be the ones the TicketView schema's serialiser writes for the view built from the same row:
// random rows and users, hostile strings and odd stored values included, go through both and must agree, byte for
// byte, or both fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Helpdesk } from '../../src/repositories/helpdesks-repository.js';
import type { PersonRow, TicketRow } from '../../src/repositories/tickets-repository.js';
import { TicketView } from '../../src/schemas/tickets.js';
import type { Store } from '../../src/services/store.js';
import { TicketsService } from '../../src/services/tickets-service.js';
import { fuzzRuns, fuzzSeed } from '../support/figures.js';
import { schemaSerialiser } from '../support/schema-serialiser.js';

const TENANT = 'tenant-a';
const helpdesk = { helpdesk_id: 'hd-1', tenant_key: TENANT } as Helpdesk;

/** Service over a store that answers these rows and users, the way the repositories do. */
function serviceOver(rows: TicketRow[], users: PersonRow[], stamped: boolean): TicketsService {
  const tickets = {
    list: async () => ({ total: rows.length, rows }),
    find: async (_h: string, id: string) => rows.find((r) => r.ticket_id === id),
    people: async (ids: readonly string[]) => users.filter((u) => ids.includes(u.open_id)),
  };
  // With a change stamp the people are kept between calls (SQLite); without one they are read each time (PostgreSQL).
  const database = stamped ? { changeStamp: () => '1:0' } : {};
  return new TicketsService({ repos: { tickets }, database } as unknown as Store);
}

// Strings a serialiser can get wrong: quotes, backslashes, control characters, lone and paired surrogates, emoji,
// CJK, line separators, long runs (fast-json-stringify changes method at 42 and 5,000 characters).
const awkwardUnit = fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '\ud83d\ude00', '😀', '中文', 'é', '\u2028', '/', 'a', ' ');
const text = fc.oneof(
  fc.string({ unit: awkwardUnit, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 50 }),
  fc.constantFrom('', 'x'.repeat(41), 'x'.repeat(42), 'x'.repeat(5_000), `${'y'.repeat(5_001)}"`),
);
// Integer columns as a database may hold them: large and negative, around 2^31 and whole billions (the writer
// splits timestamps in two), a fraction, a number past 2^53.
const integer = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 1_000_000_000_000, 1_700_000_000_007, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 8_640_000_000_000_000), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }));

const userIds = ['ou_1', 'ou_2', 'ou_3', 'ou_other_tenant', 'ou_unknown', 'ou_"quoted"', 'ou_中'];
const id = fc.oneof(fc.constantFrom(...userIds), text);
const person = (open_id: string) =>
  fc.record({
    open_id: fc.constant(open_id),
    tenant_key: fc.constant(open_id === 'ou_other_tenant' ? 'tenant-b' : TENANT),
    name: text,
    email: text,
    avatar_url: text,
    department: text,
    city: text,
    country: text,
  });
const users = fc.tuple(...userIds.filter((u) => u !== 'ou_unknown').map(person));

// Stored JSON texts: what Kefu writes, fields missing or of the wrong type, null, and values that are not objects.
const jsonValue = fc.oneof(fc.constant(null), fc.boolean(), integer, text, fc.constant([]), fc.constant({}));
// Mostly what Kefu writes: a page with one refused ticket fails whole, and most pages must get as far as bytes.
const comment = fc.oneof(
  { arbitrary: fc.record({ content: text, created_at: integer, id: integer, user_avatar_url: text, user_name: text, user_id: integer }), weight: 20 },
  fc.record({ content: jsonValue, created_at: jsonValue, id: jsonValue, user_avatar_url: jsonValue, user_name: jsonValue, user_id: jsonValue }, { requiredKeys: [] }),
  jsonValue,
);
const i18n = fc.oneof({ arbitrary: fc.record({ zh_cn: text, en_us: text, ja_jp: text }, { requiredKeys: [] }), weight: 10 }, fc.record({ zh_cn: jsonValue, en_us: jsonValue }, { requiredKeys: [] }), jsonValue);
const field = fc.oneof(
  { arbitrary: fc.record({ id: text, value: text, key_name: text, display_name: text, position: integer, required: fc.boolean(), editable: fc.boolean() }), weight: 30 },
  fc.record({ id: jsonValue, value: jsonValue, key_name: text, display_name: text, position: jsonValue, required: jsonValue, editable: jsonValue }, { requiredKeys: ['key_name'] }),
  fc.constant(null),
);
const fields = fc.oneof({ arbitrary: fc.constant('[]'), weight: 5 }, { arbitrary: fc.array(field, { minLength: 1, maxLength: 3 }).map((v) => JSON.stringify(v)), weight: 5 }, fc.constantFrom('null', '{}', '"ab"', '{"length":1}'));
const idList = fc.oneof(fc.constant('[]'), fc.array(id, { maxLength: 4 }).map((v) => JSON.stringify(v)), fc.constantFrom('[null]', '[7]', '[{}]'));
const optionalJson = (value: fc.Arbitrary<unknown>) => fc.option(value.map((v) => JSON.stringify(v)), { nil: null });

// Timestamps that give every duration shape: never happened (0, negative), in order, out of order, equal.
const DAY = 86_400_000;
const moment = fc.oneof(fc.constantFrom(0, -1), fc.integer({ min: 1_600_000_000_000, max: 1_600_000_000_000 + DAY }), fc.integer({ min: 1, max: 10 }));

const ticket = fc.record({
  ticket_id: text,
  helpdesk_id: text,
  guest_id: id,
  agent_owner_id: fc.option(id, { nil: null }),
  closed_by_id: fc.option(id, { nil: null }),
  ticket_type: integer,
  status: integer,
  score: integer,
  solve: integer,
  channel: integer,
  created_at: fc.oneof(moment, integer),
  updated_at: fc.oneof(moment, integer),
  closed_at: moment,
  agent_entry_time: moment,
  agent_first_response_time: moment,
  agent_last_response_time: moment,
  pending_seconds: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
  agent_ids: idList,
  collaborator_ids: idList,
  tag_names: fc.constant('[]'),
  comments: optionalJson(comment),
  dissatisfaction_reason: optionalJson(i18n),
  customized_fields: fields,
}) as fc.Arbitrary<TicketRow>;

type Outcome = { ok: true; text: string } | { ok: false };
async function outcome(f: () => Promise<string>): Promise<Outcome> {
  try {
    return { ok: true, text: await f() };
  } catch {
    return { ok: false };
  }
}

test('each ticket of a page: the same bytes as the schema serialiser writes for its view, or both fail', async () => {
  const serialise = await schemaSerialiser(TicketView);
  let written = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(ticket, { minLength: 1, maxLength: 4 }), users, fc.boolean(), async (rows, people, stamped) => {
      const service = serviceOver(rows, people, stamped);
      const query = { page: 1, page_size: 20 };
      // A page is written whole or fails whole: one ticket the serialiser refuses fails the page's answer.
      const expected = await outcome(async () => (await service.list(helpdesk, query)).tickets.map(serialise).join(','));
      const actual = await outcome(async () => (await service.listJson(helpdesk, query)).tickets.join(','));
      assert.deepEqual(actual, expected, JSON.stringify(rows));
      if (actual.ok) written += rows.length;
    }),
    { numRuns: fuzzRuns(300), ...(fuzzSeed() === undefined ? {} : { seed: fuzzSeed() }) },
  );
  // Most cases must get as far as bytes, or the comparison would be of errors alone.
  assert.ok(written > 100, `${written} tickets written`);
});

test('GET /tickets/:ticket_id: the same bytes as the schema serialiser writes for the ticket', async () => {
  const serialise = await schemaSerialiser(TicketView);
  await fc.assert(
    fc.asyncProperty(ticket, users, fc.boolean(), async (row, people, stamped) => {
      const service = serviceOver([row], people, stamped);
      const expected = await outcome(async () => serialise(await service.get(helpdesk, row.ticket_id)));
      assert.deepEqual(await outcome(() => service.getJson(helpdesk, row.ticket_id)), expected);
    }),
    { numRuns: fuzzRuns(200), ...(fuzzSeed() === undefined ? {} : { seed: fuzzSeed() }) },
  );
});

test('the usual ticket: people in full, another tenant\'s user and an unknown one by id, optional fields left out', async () => {
  const row = {
    ticket_id: '71', helpdesk_id: 'hd-1', guest_id: 'ou_1', agent_owner_id: null, closed_by_id: 'ou_other_tenant', ticket_type: 2, status: 51,
    score: 0, solve: 1, channel: 3, created_at: 1_000_000, updated_at: -1, closed_at: 0, agent_entry_time: 1_060_000,
    agent_first_response_time: 1_120_000, agent_last_response_time: 1_060_000 + 200_000, pending_seconds: 0,
    agent_ids: '["ou_2","ou_unknown"]', collaborator_ids: '[]', tag_names: '[]', comments: null, dissatisfaction_reason: null, customized_fields: '[]',
  } satisfies TicketRow;
  const users: PersonRow[] = [
    { open_id: 'ou_1', tenant_key: TENANT, name: 'Zhang "San"', email: 'z@x', avatar_url: '', department: '销售', city: 'a\\b', country: 'CN' },
    { open_id: 'ou_2', tenant_key: TENANT, name: 'Bob', email: 'b@x', avatar_url: 'u', department: 'IT', city: 'c', country: 'CN' },
    { open_id: 'ou_other_tenant', tenant_key: 'tenant-b', name: 'Eve', email: 'e@x', avatar_url: 'u', department: 'IT', city: 'c', country: 'CN' },
  ];
  const json = await serviceOver([row], users, true).getJson(helpdesk, '71');
  assert.equal(
    json,
    '{"ticket_id":"71","helpdesk_id":"hd-1","guest":{"id":"ou_1","avatar_url":"","name":"Zhang \\"San\\"","email":"z@x","department":"销售","city":"a\\\\b","country":"CN"}' +
      ',"ticket_type":2,"status":51,"score":0,"created_at":1000000,"updated_at":-1,"closed_at":0' +
      ',"agents":[{"id":"ou_2","avatar_url":"u","name":"Bob","email":"b@x","department":"IT","city":"c","country":"CN"},{"id":"ou_unknown"}]' +
      ',"channel":3,"solve":1,"collaborators":[],"agent_service_duration":3.33,"agent_first_response_duration":60,"bot_service_duration":60' +
      ',"agent_resolution_time":0,"actual_processing_time":0,"agent_entry_time":1060000,"agent_first_response_time":1120000' +
      ',"agent_last_response_time":1260000,"closed_by":{"id":"ou_other_tenant"}}',
  );
});
