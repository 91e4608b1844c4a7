// Model-based test of the ticket lifecycle: random sequences of starts, guest and agent messages, transfers, PUTs,
// closes and clock moves, applied to Kefu (through the SDK and Kefu's own API) and to a small in-memory model
// written from docs/lifecycle.md, not from the code. After every step the guest's newest ticket as the SDK lists it
// must equal the model's, on both databases. Clock moves stay within Alice's working day, so routing always finds her.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, asUser, describeEachDatabase, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall, userToken } from '../support/lifecycle.js';

interface ModelTicket {
  status: number;
  ticket_type: number;
  agents: string[];
  created_at: number;
  updated_at: number;
  closed_at: number;
  entry: number;
  first: number;
  last: number;
  pendingSince: number;
  pendingSeconds: number;
  messages: number;
  score: number;
}

interface Model {
  now: number;
  /** Each guest's tickets, oldest first. */
  tickets: Map<string, ModelTicket[]>;
}

interface Real {
  kefu: RunningKefu;
  client: lark.Client;
  tokens: Map<string, string>;
  chats: Map<string, string>;
  alice: string;
}

// Two users with no tickets in the example world (an admin may be a guest too).
const GUESTS = [acme.plain, acme.admin];
const open = (t: ModelTicket | undefined) => t !== undefined && t.status <= 5;
const latest = (m: Model, guest: string) => m.tickets.get(guest)?.at(-1);
const openOf = (m: Model, guest: string) => (open(latest(m, guest)) ? latest(m, guest) : undefined);

function setStatus(t: ModelTicket, status: number, now: number): void {
  if (t.status === status) return;
  if (t.status === 4) t.pendingSeconds += Math.floor((now - t.pendingSince) / 1000);
  t.pendingSince = status === 4 ? now : 0;
  t.status = status;
  t.updated_at = now;
}

function toHuman(t: ModelTicket, now: number): void {
  t.ticket_type = 2;
  t.entry = now;
  if (!t.agents.includes(acme.alice)) t.agents.push(acme.alice);
  setStatus(t, 1, now);
  t.updated_at = now;
}

function newModelTicket(m: Model, guest: string, human: boolean): ModelTicket {
  const t: ModelTicket = { status: 1, ticket_type: 1, agents: [], created_at: m.now, updated_at: -1, closed_at: 0, entry: 0, first: 0, last: 0, pendingSince: 0, pendingSeconds: 0, messages: 0, score: 0 };
  if (human) {
    toHuman(t, m.now);
    t.updated_at = -1; // the first routing is part of the creation
  }
  m.tickets.set(guest, [...(m.tickets.get(guest) ?? []), t]);
  return t;
}

const seconds = (from: number, to: number) => (from > 0 && to > from ? Math.floor((to - from) / 1000) : 0);

function expectedView(t: ModelTicket) {
  const resolution = seconds(t.entry, t.closed_at);
  return {
    status: t.status,
    ticket_type: t.ticket_type,
    agents: t.agents,
    created_at: t.created_at,
    updated_at: t.updated_at,
    closed_at: t.closed_at,
    agent_entry_time: t.entry,
    agent_first_response_time: t.first,
    agent_last_response_time: t.last,
    bot_service_duration: seconds(t.created_at, t.entry),
    agent_first_response_duration: seconds(t.entry, t.first),
    agent_service_duration: t.entry > 0 && t.last > t.entry ? Math.round((t.last - t.entry) / 600) / 100 : 0,
    agent_resolution_time: resolution,
    actual_processing_time: Math.max(0, resolution - t.pendingSeconds),
    score: t.score,
    messages: t.messages,
  };
}

async function check(m: Model, r: Real): Promise<void> {
  for (const guest of GUESTS) {
    const list = await r.client.helpdesk.ticket.list({ params: { guest_id: guest } }, lark.withHelpDeskCredential());
    const tickets = m.tickets.get(guest) ?? [];
    assert.equal(list.data!.total, tickets.length, `tickets of ${guest}`);
    const model = tickets.at(-1);
    if (!model) continue;
    const t = list.data!.tickets![0];
    const messages = await r.client.helpdesk.ticketMessage.list({ path: { ticket_id: t.ticket_id }, params: { page_size: 1 } }, lark.withHelpDeskCredential());
    assert.deepEqual(
      {
        status: t.status, ticket_type: t.ticket_type, agents: (t.agents ?? []).map((a) => a.id), created_at: t.created_at, updated_at: t.updated_at,
        closed_at: t.closed_at, agent_entry_time: t.agent_entry_time, agent_first_response_time: t.agent_first_response_time,
        agent_last_response_time: t.agent_last_response_time, bot_service_duration: t.bot_service_duration,
        agent_first_response_duration: t.agent_first_response_duration, agent_service_duration: t.agent_service_duration,
        agent_resolution_time: t.agent_resolution_time, actual_processing_time: t.actual_processing_time, score: t.score, messages: messages.data!.total,
      },
      expectedView(model),
    );
  }
}

type Cmd = fc.AsyncCommand<Model, Real, false>;
const say = { msg_type: 'text', content: '{"text":"hello"}' };

async function chatOf(r: Real, guest: string): Promise<string> {
  let chat = r.chats.get(guest);
  if (!chat) {
    const { body } = await kefuCall(r.kefu, 'GET', '/kefu/v1/chats', r.tokens.get(guest)!);
    chat = body.data.chats.find((c: any) => c.kind === 'service')?.chat_id;
    if (chat) r.chats.set(guest, chat);
  }
  return chat ?? 'oc_none';
}

async function latestTicketId(r: Real, guest: string): Promise<string> {
  const list = await r.client.helpdesk.ticket.list({ params: { guest_id: guest } }, lark.withHelpDeskCredential());
  return list.data!.tickets![0].ticket_id!;
}

/** A Kefu call the model says succeeds (code 0) or is refused with 400. */
function outcome(succeeds: boolean, answer: { status: number; body: any }, what: string): void {
  if (succeeds) assert.equal(answer.body.code, 0, `${what}: ${JSON.stringify(answer.body)}`);
  else assert.equal(answer.status, 400, `${what} should be refused: ${JSON.stringify(answer.body)}`);
}

const commands = (guest: fc.Arbitrary<string>) => [
  fc.tuple(guest, fc.boolean()).map(([g, human]): Cmd => ({
    check: () => true,
    async run(m, r) {
      tick(m, r);
      const res = await r.client.helpdesk.ticket.startService({ data: { open_id: g, human_service: human } }, lark.withHelpDeskCredential());
      assert.equal(res.code, 0);
      const current = openOf(m, g);
      if (!current) newModelTicket(m, g, human);
      else if (human && current.ticket_type === 1) toHuman(current, m.now);
      await check(m, r);
    },
    toString: () => `start_service(${g.slice(-1)}, human=${human})`,
  })),
  guest.map((g): Cmd => ({
    check: () => true,
    async run(m, r) {
      tick(m, r);
      if (!r.chats.has(g)) await kefuCall(r.kefu, 'POST', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/chats`, r.tokens.get(g)!, {});
      const answer = await kefuCall(r.kefu, 'POST', `/kefu/v1/chats/${await chatOf(r, g)}/messages`, r.tokens.get(g)!, say);
      outcome(true, answer, 'guest message');
      const t = openOf(m, g) ?? newModelTicket(m, g, false);
      t.messages++;
      if (t.status === 5) setStatus(t, 2, m.now);
      await check(m, r);
    },
    toString: () => `guest says (${g.slice(-1)})`,
  })),
  guest.map((g): Cmd => ({
    check: (m) => latest(m, g) !== undefined,
    async run(m, r) {
      const answer = await kefuCall(r.kefu, 'POST', `/kefu/v1/tickets/${await latestTicketId(r, g)}/replies`, r.alice, say, true);
      const t = latest(m, g)!;
      const ok = open(t) && t.ticket_type === 2;
      outcome(ok, answer, 'agent reply');
      if (ok) {
        t.messages++;
        if (!t.agents.includes(acme.alice)) t.agents.push(acme.alice);
        if (t.first === 0) t.first = m.now;
        t.last = m.now;
        if (t.status === 1 || t.status === 3) setStatus(t, 2, m.now);
        t.updated_at = m.now;
      }
      await check(m, r);
    },
    toString: () => `alice replies (${g.slice(-1)})`,
  })),
  guest.map((g): Cmd => ({
    check: (m) => r0(m, g),
    async run(m, r) {
      const answer = await kefuCall(r.kefu, 'POST', `/kefu/v1/chats/${await chatOf(r, g)}/transfer`, r.tokens.get(g)!);
      const t = openOf(m, g);
      outcome(t !== undefined, answer, 'transfer');
      if (t && t.ticket_type === 1) toHuman(t, m.now);
      await check(m, r);
    },
    toString: () => `transfer (${g.slice(-1)})`,
  })),
  fc.tuple(guest, fc.constantFrom(1, 2, 4, 5, 4, 5, 51)).map(([g, status]): Cmd => ({
    check: (m) => latest(m, g) !== undefined,
    async run(m, r) {
      const answer = await sdkFailure(r.client.helpdesk.ticket.update({ path: { ticket_id: await latestTicketId(r, g) }, data: { status } }, asUser(acme.ownerToken)));
      const t = latest(m, g)!;
      const ok = open(t) || t.status === status;
      outcome(ok, answer, `PUT status ${status}`);
      if (ok && t.status !== status) {
        setStatus(t, status, m.now);
        if (status > 5) t.closed_at = m.now;
      }
      await check(m, r);
    },
    toString: () => `PUT status ${status} (${g.slice(-1)})`,
  })),
  fc.tuple(guest, fc.constantFrom(1, 2, 3)).map(([g, score]): Cmd => ({
    check: (m) => r0(m, g),
    async run(m, r) {
      const answer = await kefuCall(r.kefu, 'POST', `/kefu/v1/chats/${await chatOf(r, g)}/close`, r.tokens.get(g)!, { score });
      const t = openOf(m, g);
      outcome(t !== undefined, answer, 'guest close');
      if (t) {
        setStatus(t, 52, m.now);
        t.closed_at = m.now;
        t.score = score;
      }
      await check(m, r);
    },
    toString: () => `guest closes (${g.slice(-1)}, score ${score})`,
  })),
  fc.integer({ min: 1, max: 120_000 }).map((ms): Cmd => ({
    check: () => true,
    async run(m, r) {
      m.now += ms;
      r.kefu.clock.advance(ms);
    },
    toString: () => `clock +${ms} ms`,
  })),
];

/**
 * One millisecond before anything that may open a ticket: two tickets of a guest created in the same millisecond
 * are listed in ticket_id order, which is random, and the test compares the newest.
 */
function tick(m: Model, r: Real): void {
  m.now += 1;
  r.kefu.clock.advance(1);
}

/** The guest API needs the guest's chat: only once they have one. */
const r0 = (m: Model, g: string) => (m.tickets.get(g)?.length ?? 0) > 0;

describeEachDatabase('the ticket lifecycle against a model', (dialect) => {
  test('random lives of two guests: every step, the listed ticket equals the model', async () => {
    const guest = fc.constantFrom(...GUESTS);
    await fc.assert(
      fc.asyncProperty(fc.commands(commands(guest), { maxCommands: 30, size: 'max' }), async (cmds) => {
        const kefu = await startKefu(dialect);
        try {
          const tokens = new Map([[acme.plain, acme.plainUserToken], [acme.admin, acme.adminToken]]);
          const real: Real = { kefu, client: sdkClient(kefu.baseUrl, acme.app), tokens, chats: new Map(), alice: await userToken(kefu, acme.alice) };
          await fc.asyncModelRun(() => ({ model: { now: kefu.clock.now(), tickets: new Map() }, real }), cmds);
        } finally {
          await kefu.close();
        }
      }),
      { numRuns: dialect === 'sqlite' ? 12 : 6, endOnFailure: true },
    );
  });
});
