import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Fixture } from '../../../../../../src/fixtures/fixture-schema.js';
import { toNewTicket } from '../../../../../../src/fixtures/load-fixture.js';
import { generateTickets } from '../../../../../../src/fixtures/ticket-generator.js';
import { openDatabase } from '../../../../../../src/db/connect.js';
import { Store } from '../../../../../../src/services/store.js';
import { ok } from '../../../../../../src/platform/envelope.js';
import { ListTicketsAnswer } from '../../../../../../src/schemas/tickets.js';
import { TicketsService } from '../../../../../../src/services/tickets-service.js';
import { schemaSerialiser } from '../../../../../support/schema-serialiser.js';
import { issueTenantToken } from '../../../../../support/callers.js';
import { acme, asUser, DEFAULT_NOW, describeEachDatabase, exampleFixture, globex, helpdeskHeader, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

/** The example world plus 600 generated tickets in acme's helpdesk. */
function world(): Fixture {
  const fixture = structuredClone(exampleFixture) as Fixture;
  const guests = [acme.guestZhang, acme.guestLi, acme.plain];
  fixture.tenants[0].helpdesks![0].tickets!.push(...generateTickets({ seed: 5, count: 600, guests, agents: [acme.alice, acme.bob, acme.carol], until: DEFAULT_NOW }));
  return fixture;
}

const person = (id: string, name: string, login: string, department: string, city: string) => ({
  id,
  avatar_url: `https://avatars.example/${id}.png`,
  name,
  email: `${login}@acme.example`,
  department,
  city,
  country: 'CN',
});

describeEachDatabase('GET /open-apis/helpdesk/v1/tickets', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect, { fixture: world() });
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  test('the SDK gets every field of seed 003, people filled in from users and durations from the timestamps', async () => {
    const res = await client.helpdesk.ticket.list({ params: { ticket_id: '6626871355780366331' } }, lark.withHelpDeskCredential());
    assert.equal(res.code, 0);
    assert.equal(res.data!.total, 1);
    const alice = person(acme.alice, 'Alice Agent', 'alice.agent', 'Support', 'Shanghai');
    assert.deepEqual(res.data!.tickets![0], {
      ticket_id: '6626871355780366331',
      helpdesk_id: acme.helpdesk.helpDeskId,
      guest: person(acme.guestZhang, 'Zhang San', 'zhang.san', 'Sales', 'Beijing'),
      comments: { content: 'called back', created_at: 1700003000000, id: 12, user_avatar_url: '', user_name: 'Alice Agent', user_id: Number('7262656095919128578') },
      ticket_type: 2,
      status: 51,
      score: 3,
      created_at: 1700000000000,
      updated_at: 1700003600000,
      closed_at: 1700003600000,
      agents: [alice],
      channel: 9,
      solve: 2,
      closed_by: alice,
      collaborators: [person(acme.carol, 'Carol Agent', 'carol.agent', 'IT', 'Beijing')],
      customized_fields: [{ id: '123', value: 'laptop', key_name: 'device', display_name: 'Device', position: 1, required: true, editable: true }],
      // Entry 60 s after creation, first reply 60 s later, last reply 30 min after entry, closed 3,540 s after entry,
      // 300 s of which pending.
      bot_service_duration: 60,
      agent_first_response_duration: 60,
      agent_service_duration: 30,
      agent_resolution_time: 3540,
      actual_processing_time: 3240,
      agent_entry_time: 1700000060000,
      agent_first_response_time: 1700000120000,
      agent_last_response_time: 1700001860000,
      agent_owner: alice,
    });
  });

  test('numbers travel as JSON numbers, updated_at is -1 when never updated, and absent things are left out', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?ticket_id=6626871355780366332`, {
      headers: { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) },
    });
    const body = await res.json();
    assert.equal(typeof body.data.total, 'number');
    const [ticket] = body.data.tickets;
    for (const key of ['ticket_type', 'status', 'score', 'created_at', 'updated_at', 'closed_at', 'channel', 'solve', 'agent_service_duration', 'bot_service_duration', 'agent_entry_time']) {
      assert.equal(typeof ticket[key], 'number', key);
    }
    assert.equal(ticket.updated_at, -1);
    assert.deepEqual(ticket.agents, []);
    assert.deepEqual(ticket.dissatisfaction_reason, { zh_cn: '答案看不懂', en_us: "I don't understand", ja_jp: '回答が複雑すぎる' });
    for (const key of ['comments', 'closed_by', 'agent_owner', 'customized_fields']) assert.equal(key in ticket, false, key);
  });

  test('newest first, then by ticket_id, with page and page_size defaulting to 1 and 20', async () => {
    const res = await client.helpdesk.ticket.list({}, lark.withHelpDeskCredential());
    assert.equal(res.data!.total, 602);
    const tickets = res.data!.tickets!;
    assert.equal(tickets.length, 20);
    for (let i = 1; i < tickets.length; i++) {
      const [a, b] = [tickets[i - 1], tickets[i]];
      assert.ok(a.created_at! > b.created_at! || (a.created_at === b.created_at && a.ticket_id > b.ticket_id), `${a.ticket_id} before ${b.ticket_id}`);
    }
  });

  test('pages never overlap or skip, even while older tickets are added between two pages', async () => {
    const original = (await allTickets()).map((t) => t.ticket_id);
    const oldest = Math.min(...(await allTickets()).map((t) => t.created_at!));
    const seen: string[] = [];
    for (let page = 1; seen.length < original.length; page++) {
      // Another client records tickets from before anything listed so far: they belong after the last page.
      if (page > 1) await addOlderTickets(page, oldest - page * 60_000);
      const res = await client.helpdesk.ticket.list({ params: { page, page_size: 37 } }, lark.withHelpDeskCredential());
      seen.push(...res.data!.tickets!.map((t) => t.ticket_id));
    }
    assert.deepEqual(seen.slice(0, original.length), original, 'every ticket once, in list order');
    assert.ok(seen.slice(original.length).every((id) => !original.includes(id)), 'then only the tickets added meanwhile');
  });

  async function allTickets() {
    const res = await client.helpdesk.ticket.list({ params: { page_size: 200, page: 1 } }, lark.withHelpDeskCredential());
    const all = [...res.data!.tickets!];
    for (let page = 2; all.length < res.data!.total!; page++) {
      all.push(...(await client.helpdesk.ticket.list({ params: { page_size: 200, page } }, lark.withHelpDeskCredential())).data!.tickets!);
    }
    return all;
  }

  async function addOlderTickets(seed: number, until: number) {
    const [older] = [...generateTickets({ seed, count: 1, guests: [acme.guestLi], agents: [acme.bob], until, firstNumber: 6_000_000_000_000_000_000n + BigInt(seed) })];
    const profiles = new Map([[acme.guestLi, { name: 'Li Si', tags: ['new'] }]]);
    await kefu.app.kefu.store.write((repos) => repos.tickets.insertMany([toNewTicket(acme.helpdesk.helpDeskId, { ...older, created_at: until - 1 }, profiles)]));
  }

  // Pages are answered from memory while the database is unchanged; a ticket another process records shows at once.
  test('a ticket recorded through another connection (kefu generate, a second process) shows in the very next page', async () => {
    const page = async () => (await client.helpdesk.ticket.list({ params: { page_size: 5 } }, lark.withHelpDeskCredential())).data!;
    const before = await page();
    assert.deepEqual(await page(), before);
    const [newest] = [...generateTickets({ seed: 77, count: 1, guests: [acme.guestLi], agents: [acme.carol], until: DEFAULT_NOW, firstNumber: 6_900_000_000_000_000_000n })];
    const other = await openDatabase(kefu.db.url);
    try {
      const profiles = new Map([[acme.guestLi, { name: 'Li Si', tags: ['new'] }]]);
      await new Store(other).write((repos) => repos.tickets.insertMany([toNewTicket(acme.helpdesk.helpDeskId, { ...newest, created_at: DEFAULT_NOW + 60_000 }, profiles)]));
    } finally {
      await other.close();
    }
    const after = await page();
    assert.equal(after.total, before.total! + 1);
    assert.equal(after.tickets![0].ticket_id, newest.ticket_id);
    assert.deepEqual(after.tickets!.slice(1).map((t) => t.ticket_id), before.tickets!.slice(0, 4).map((t) => t.ticket_id));
  });

  test('status_list and tags are read from repeated keys and from key[] alike; empty values filter nothing', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    // Each total must be a real answer: two refusals would compare equal (undefined === undefined).
    const total = async (query: string): Promise<number> => {
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?${query}`, { headers });
      const body = await res.json();
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(body)}`);
      assert.equal(body.code, 0, query);
      assert.equal(typeof body.data.total, 'number', query);
      return body.data.total;
    };
    const everything = await total('');
    const repeated = await total('status_list=51&status_list=52&tags=vip&tags=bug');
    // The filter must select something and leave something out, or equal totals would prove nothing.
    assert.ok(repeated > 0 && repeated < everything, `${repeated} of ${everything}`);
    assert.equal(await total('status_list%5B%5D=51&status_list%5B%5D=52&tags[]=vip&tags[]=bug'), repeated);
    const sdk = await client.helpdesk.ticket.list({ params: { status_list: [51, 52], tags: ['vip', 'bug'] } }, lark.withHelpDeskCredential());
    assert.equal(sdk.data!.total, repeated);
    assert.equal(await total('guest_name=&agent_id=&tags='), everything);
    assert.equal(await total('unknown_key=1'), everything);
  });

  test('unknown query keys are ignored: the same answer, and never a new entry in the read cache', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    const body = async (query: string) => (await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?${query}`, { headers })).text();
    const plain = await body('page_size=7&status_list=51');
    const cached = kefu.app.kefu.store.cache.size.entries;
    for (let i = 0; i < 20; i++) assert.equal(await body(`page_size=7&x=${i}-${Math.random()}&status_list=51&x${i}[]=1`), plain);
    assert.equal(kefu.app.kefu.store.cache.size.entries, cached, 'nonces in unknown keys fill no cache');
    const agents = (query: string) => fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/agent_schedules?${query}`, { headers }).then((r) => r.json());
    const known = await agents('status=1');
    assert.equal(known.code, 0);
    assert.deepEqual(await agents('status=1&whatever=2'), known, 'other routes ignore them too');
  });

  test('a long page is one well-formed answer: its bytes are compact JSON of every ticket, non-Latin names and all', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    const text = await (await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?page_size=200`, { headers })).text();
    const body = JSON.parse(text);
    assert.equal(body.data.tickets.length, 200);
    assert.ok(/[^\u0000-\u00ff]/.test(text), 'some names are outside Latin-1');
    assert.equal(text, JSON.stringify(body), 'no byte besides the JSON itself');
    const ids = body.data.tickets.map((t: { ticket_id: string }) => t.ticket_id);
    assert.equal(new Set(ids).size, 200, 'every ticket once');
    const one = async (page: number) => (await client.helpdesk.ticket.list({ params: { page_size: 1, page } }, lark.withHelpDeskCredential())).data!.tickets![0];
    assert.deepEqual(body.data.tickets[0], await one(1));
    assert.deepEqual(body.data.tickets[199], await one(200));
  });

  // The route writes each ticket's JSON by hand (src/domain/ticket-json.ts): on each database, every ticket of the
  // world must come out as the route's schema would serialise the ticket views built from the same rows.
  test('every page is byte for byte what the response schema writes for the same tickets', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    const serialise = await schemaSerialiser(ListTicketsAnswer);
    const helpdesk = (await kefu.app.kefu.store.repos.helpdesks.find(acme.helpdesk.helpDeskId))!;
    const views = new TicketsService(kefu.app.kefu.store);
    let seen = 0;
    for (let page = 1; seen === 0 || (page - 1) * 200 < seen; page++) {
      const bytes = Buffer.from(await (await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets?page_size=200&page=${page}`, { headers })).arrayBuffer());
      const expected = serialise(ok(await views.list(helpdesk, { page, page_size: 200 })));
      assert.equal(bytes.toString(), expected, `page ${page}`);
      assert.ok(bytes.equals(Buffer.from(expected)), `page ${page}: the same UTF-8`);
      seen = JSON.parse(expected).data.total;
    }
    assert.ok(seen > 600, `${seen} tickets compared`);
  });

  test('a read-only app and a user token may list; another tenant sees only its own (empty) helpdesk', async () => {
    const all = (await client.helpdesk.ticket.list({}, lark.withHelpDeskCredential())).data!.total;
    const readonly = await sdkClient(kefu.baseUrl, acme.readonlyApp).helpdesk.ticket.list({}, lark.withHelpDeskCredential());
    assert.equal(readonly.data!.total, all);
    const asOwner = await client.helpdesk.ticket.list({}, asUser(acme.ownerToken));
    assert.equal(asOwner.data!.total, all);
    const other = await sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.ticket.list({ params: { ticket_id: '6626871355780366331' } }, lark.withHelpDeskCredential());
    assert.deepEqual([other.data!.total, other.data!.tickets], [0, []]);
  });
});
