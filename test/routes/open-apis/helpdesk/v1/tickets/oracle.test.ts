// The ticket list against an oracle: a few thousand generated tickets, hundreds of random filter combinations sent
// through the SDK's ticket.list, each answer compared with a plain in-memory filter written here, independently of
// the SQL. Tickets crowd the hour, day and week boundaries the count tables cut at, and query ranges start and end
// on them, a millisecond either side.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Fixture, FixtureTicket } from '../../../../../../src/fixtures/fixture-schema.js';
import { Random } from '../../../../../../src/fixtures/random.js';
import { generateTickets } from '../../../../../../src/fixtures/ticket-generator.js';
import { acme, DEFAULT_NOW, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const STATUSES = [1, 2, 3, 4, 5, 50, 51, 52];
const AGENTS = [acme.alice, acme.bob, acme.carol];
const GUEST_NAMES = ['Zhang Wei', 'zhang WEI', 'Zhang San', 'Émilie Dubois', 'ÉMILIE Martin', '王伟', '王小明', '小明', 'Ōno Yuki', "O'Brien",
  '100% Support_Team', 'Anna-Lena Weiß', 'Li', 'Lily Li', 'Olivia Smith', 'Oliver Smithson', 'Σοφία', 'ΣΟΦΊΑ Παππά', 'Ivan', 'ivana'];
const GUEST_TAGS = ['vip', 'new', 'a b', '标签'];

interface OracleTicket extends FixtureTicket {
  guestName: string;
  guestTags: string[];
}

/** The example world plus 60 guests and about 3,000 tickets in acme's helpdesk. */
function world(): { fixture: Fixture; tickets: OracleTicket[] } {
  const fixture = structuredClone(exampleFixture) as Fixture;
  const tenant = fixture.tenants[0];
  const helpdesk = tenant.helpdesks![0];
  const rng = new Random(4242);
  const guests = Array.from({ length: 60 }, (_, i) => ({
    open_id: `ou_9${i.toString(16).padStart(31, '0')}`,
    name: `${GUEST_NAMES[i % GUEST_NAMES.length]}${i >= GUEST_NAMES.length ? ` ${i}` : ''}`,
    tags: GUEST_TAGS.filter(() => rng.chance(0.25)),
  }));
  tenant.users!.push(...guests);
  const guestIds = [...guests.map((g) => g.open_id), acme.guestZhang, acme.guestLi];
  const generated = [...generateTickets({ seed: 99, count: 2600, guests: guestIds, agents: AGENTS, until: DEFAULT_NOW })];
  // Crowd the bucket boundaries: tickets on, just before and just after, some sharing a created_at.
  const boundaries = [WEEK, DAY, HOUR].flatMap((span) => [1, 3, 9].map((k) => Math.floor((DEFAULT_NOW - k * 5 * DAY) / span) * span));
  let n = 0;
  for (const boundary of boundaries) {
    for (const delta of [-1, 0, 0, 1, HOUR - 1, -HOUR]) {
      const base = generated[rng.int(0, generated.length - 1)];
      generated.push({
        ...base,
        ticket_id: String(6_900_000_000_000_000_000n + BigInt(n++)),
        guest: rng.pick(guestIds),
        created_at: boundary + delta,
        status: rng.pick(STATUSES) as FixtureTicket['status'],
        channel: rng.pick([0, 2, 9, 13, 14, 77]),
        score: rng.int(0, 3),
      });
    }
  }
  generated.push({ ...generated[0], ticket_id: '6800000000000000001', created_at: 0, updated_at: -1 });
  generated.push({ ...generated[1], ticket_id: '6800000000000000002', created_at: -1, updated_at: 5 });
  helpdesk.tickets!.push(...generated);
  const users = new Map(tenant.users!.map((u) => [u.open_id, u]));
  const tickets = helpdesk.tickets!.map((t) => ({ ...t, guestName: users.get(t.guest)!.name, guestTags: users.get(t.guest)!.tags ?? [] }));
  return { fixture, tickets };
}

type Params = NonNullable<NonNullable<Parameters<lark.Client['helpdesk']['ticket']['list']>[0]>['params']>;

/** Seed 003's semantics, plainly: exact fields, any-of lists, a case-insensitive name substring, inclusive ranges. */
function oracle(tickets: readonly OracleTicket[], p: Params): OracleTicket[] {
  const inRange = (v: number, from?: number, to?: number) => from === undefined || (v >= from && v <= to!);
  return tickets
    .filter(
      (t) =>
        (p.ticket_id === undefined || t.ticket_id === p.ticket_id) &&
        (p.agent_id === undefined || (t.agents ?? []).includes(p.agent_id)) &&
        (p.closed_by_id === undefined || t.closed_by === p.closed_by_id) &&
        (p.type === undefined || t.ticket_type === p.type) &&
        (p.channel === undefined || (t.channel ?? 9) === p.channel) &&
        (p.solved === undefined || (t.solve ?? 0) === p.solved) &&
        (p.score === undefined || (t.score ?? 0) === p.score) &&
        (p.status_list === undefined || p.status_list.includes(t.status)) &&
        (p.guest_name === undefined || t.guestName.toLowerCase().includes(p.guest_name.toLowerCase())) &&
        (p.guest_id === undefined || t.guest === p.guest_id) &&
        (p.tags === undefined || p.tags.some((tag) => (t.tag_names ?? []).includes(tag) || t.guestTags.includes(tag))) &&
        inRange(t.created_at, p.create_time_start, p.create_time_end) &&
        inRange(t.updated_at ?? -1, p.update_time_start, p.update_time_end),
    )
    .sort((a, b) => b.created_at - a.created_at || (a.ticket_id < b.ticket_id ? 1 : a.ticket_id > b.ticket_id ? -1 : 0));
}

/** A random filter combination; instants fall on bucket boundaries (and a millisecond off) as often as not. */
function randomParams(rng: Random, tickets: readonly OracleTicket[]): Params {
  const p: Params = {};
  const some = <T>(items: readonly T[], max: number) => [...new Set(Array.from({ length: rng.int(1, max) }, () => rng.pick(items)))];
  const instant = () => {
    const t = rng.pick(tickets).created_at;
    if (rng.chance(0.5)) return Math.max(0, t + rng.pick([-1, 0, 1]));
    const span = rng.pick([HOUR, DAY, WEEK]);
    return Math.max(0, Math.floor(t / span) * span + rng.pick([-1, 0, 1, span - 1]));
  };
  const range = () => {
    const [a, b] = [instant(), instant()].sort((x, y) => x - y);
    return rng.chance(0.1) ? [0, DEFAULT_NOW] : [a, b];
  };
  if (rng.chance(0.03)) p.ticket_id = rng.chance(0.8) ? rng.pick(tickets).ticket_id : '123';
  if (rng.chance(0.2)) p.agent_id = rng.pick([...AGENTS, acme.owner]);
  if (rng.chance(0.08)) p.closed_by_id = rng.pick(AGENTS);
  if (rng.chance(0.15)) p.type = rng.pick([1, 2]);
  if (rng.chance(0.15)) p.channel = rng.pick([0, 2, 9, 13, 14, 77]);
  if (rng.chance(0.15)) p.solved = rng.pick([1, 2]);
  if (rng.chance(0.15)) p.score = rng.int(0, 3);
  if (rng.chance(0.35)) p.status_list = some(STATUSES, 3);
  if (rng.chance(0.25)) {
    const name = Array.from(rng.pick(tickets).guestName);
    const start = rng.int(0, name.length - 1);
    const piece = name.slice(start, start + rng.int(1, 6)).join('');
    p.guest_name = rng.chance(0.1) ? 'nobody-has-this-name' : rng.chance(0.5) ? piece.toUpperCase() : piece;
  }
  if (rng.chance(0.08)) p.guest_id = rng.pick(tickets).guest;
  if (rng.chance(0.2)) p.tags = some(['vip', 'billing', 'bug', 'urgent', 'new', 'a b', '标签', 'none'], 3);
  if (rng.chance(0.4)) [p.create_time_start, p.create_time_end] = range();
  if (rng.chance(0.2)) [p.update_time_start, p.update_time_end] = range();
  return p;
}

describeEachDatabase('GET /open-apis/helpdesk/v1/tickets against an in-memory oracle', (dialect) => {
  const { fixture, tickets } = world();
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect, { fixture });
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  test('300 random filter combinations answer the oracle\'s total and page', async () => {
    const rng = new Random(dialect === 'sqlite' ? 1 : 2);
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const params = randomParams(rng, tickets);
      const expected = oracle(tickets, params);
      const page_size = rng.chance(0.3) ? rng.int(1, 200) : rng.pick([1, 5, 20, 50]);
      const page = rng.int(1, Math.min(Math.floor(10_000 / page_size), Math.ceil(expected.length / page_size) + 1));
      const res = await client.helpdesk.ticket.list({ params: { ...params, page, page_size } }, lark.withHelpDeskCredential());
      const context = JSON.stringify({ ...params, page, page_size });
      assert.equal(res.code, 0, context);
      assert.equal(res.data!.total, expected.length, `total of ${context}`);
      const want = expected.slice((page - 1) * page_size, page * page_size).map((t) => t.ticket_id);
      assert.deepEqual(res.data!.tickets!.map((t) => t.ticket_id), want, `page of ${context}`);
      if (want.length > 0) nonEmpty++;
    }
    // The combinations must mostly find something, or the comparison proves little.
    assert.ok(nonEmpty > 150, `only ${nonEmpty} of 300 pages held tickets`);
  });

  test('totals counted from buckets (statuses, fields, one agent, one tag) are exact over ranges that cut hours and days', async () => {
    const rng = new Random(7);
    const owners: Params[] = [{}, { agent_id: acme.alice }, { agent_id: acme.bob }, { tags: ['vip'] }, { tags: ['billing'] }];
    const statusSets = [undefined, [51], [1, 2, 3, 50]];
    for (const owner of owners) {
      for (const status_list of statusSets) {
        for (const extra of [{}, { channel: 13 }, { score: 0, solved: 2 }] as Params[]) {
          for (let i = 0; i < 8; i++) {
            const a = rng.pick(tickets).created_at + rng.int(-2 * DAY, 2 * DAY);
            const b = rng.chance(0.3) ? a + rng.int(0, 3 * HOUR) : rng.pick(tickets).created_at + rng.int(-DAY, DAY);
            const params: Params = { ...owner, ...extra, create_time_start: Math.max(0, Math.min(a, b)), create_time_end: Math.max(0, a, b) };
            if (status_list) params.status_list = status_list;
            const res = await client.helpdesk.ticket.list({ params: { ...params, page_size: 1 } }, lark.withHelpDeskCredential());
            assert.equal(res.data!.total, oracle(tickets, params).length, JSON.stringify(params));
          }
        }
      }
    }
  });

  test('every filter alone, and the unfiltered list, match the oracle', async () => {
    const sample = tickets[100];
    const singles: Params[] = [
      {},
      { ticket_id: sample.ticket_id },
      { agent_id: acme.bob },
      { closed_by_id: acme.alice },
      { type: 1 },
      { channel: 77 },
      { solved: 2 },
      { score: 0 },
      { status_list: [3] },
      { status_list: [51, 52, 50] },
      { guest_name: 'é' },
      { guest_name: 'ΣΟΦ' },
      { guest_name: '王' },
      { guest_name: '% s' },
      { guest_id: acme.guestZhang },
      { tags: ['vip'] },
      { tags: ['a b', '标签'] },
      { create_time_start: 0, create_time_end: DEFAULT_NOW },
      { update_time_start: DEFAULT_NOW - 30 * DAY, update_time_end: DEFAULT_NOW },
    ];
    for (const params of singles) {
      const expected = oracle(tickets, params);
      const res = await client.helpdesk.ticket.list({ params: { ...params, page_size: 50 } }, lark.withHelpDeskCredential());
      assert.equal(res.data!.total, expected.length, JSON.stringify(params));
      assert.deepEqual(res.data!.tickets!.map((t) => t.ticket_id), expected.slice(0, 50).map((t) => t.ticket_id), JSON.stringify(params));
    }
  });
});
