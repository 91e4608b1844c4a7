// 200 guests start service with human_service at once against 5 available agents under a cap, then every guest
// who got an agent closes at once (each close runs the queue). Half the calls go to a second server on the same
// database, as a second process would, so only the database keeps routing decisions apart: no agent is ever beyond
// the cap, no ticket is lost or assigned twice, and the queue keeps its order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../support/kefu.js';
import { kefuCall, userToken } from '../support/lifecycle.js';
import { buildApp } from '../../src/app.js';

const GUESTS = 200;
const AGENTS = 5;
const CAP = 8;
const guestId = (i: number) => `ou_e${i.toString(16).padStart(31, '0')}`;
const agentId = (i: number) => `ou_f${i.toString(16).padStart(31, '0')}`;

function crowdedFixture() {
  const fixture = structuredClone(exampleFixture) as any;
  const tenant = fixture.tenants.find((t: any) => t.tenant_key === 'acme');
  for (let i = 0; i < GUESTS; i++) tenant.users.push({ open_id: guestId(i), name: `Guest ${i}` });
  for (let i = 0; i < AGENTS; i++) tenant.users.push({ open_id: agentId(i), name: `Agent ${i}` });
  const helpdesk = tenant.helpdesks[0];
  // The fixture's own agents step aside: only the five new ones are online and on duty.
  helpdesk.agents = helpdesk.agents.map((a: any) => ({ ...a, status: 2 }));
  for (let i = 0; i < AGENTS; i++) helpdesk.agents.push({ id: agentId(i), status: 1, schedule: [{ weekday: 9, start_time: '00:00', end_time: '24:00' }] });
  helpdesk.skills[0].agent_ids.push(...Array.from({ length: AGENTS }, (_, i) => agentId(i)));
  return fixture;
}

describeEachDatabase(`${GUESTS} guests start service at once against ${AGENTS} agents with a cap of ${CAP}`, (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  let second: Awaited<ReturnType<typeof buildApp>>;
  let secondClient: lark.Client;
  let secondBase: string;
  const secondUrl = () => secondBase;
  before(async () => {
    kefu = await startKefu(dialect, { fixture: crowdedFixture() });
    client = sdkClient(kefu.baseUrl, acme.app);
    second = await buildApp({ database: kefu.db.database, clock: kefu.clock });
    secondClient = sdkClient(await second.listen({ port: 0, host: '127.0.0.1' }), acme.app);
    secondBase = `http://127.0.0.1:${(second.server.address() as { port: number }).port}`;
    const settings = await kefuCall(kefu, 'PATCH', `/kefu/v1/helpdesks/${acme.helpdesk.helpDeskId}/settings`, acme.ownerToken, { max_open_tickets_per_agent: CAP }, true);
    assert.equal(settings.body.code, 0, JSON.stringify(settings.body));
  });
  after(async () => {
    await second.close();
    await kefu.close();
  });

  const all = async () => {
    const rows = await kefu.app.kefu.store.database.db
      .selectFrom('tickets')
      .select(['ticket_id', 'guest_id', 'status', 'agent_owner_id', 'agent_ids', 'agent_entry_time'])
      .where('helpdesk_id', '=', acme.helpdesk.helpDeskId)
      .where('guest_id', 'like', 'ou_e%')
      .execute();
    return rows.map((r) => ({ ...r, agents: JSON.parse(r.agent_ids) as string[] }));
  };
  const assignedDecisions = async () => {
    const rows = await kefu.app.kefu.store.database.db.selectFrom('routing_decisions').select(['ticket_id', 'decision']).execute();
    const byTicket = new Map<string, number>();
    for (const r of rows) if (JSON.parse(r.decision).outcome === 'assigned') byTicket.set(r.ticket_id, (byTicket.get(r.ticket_id) ?? 0) + 1);
    return byTicket;
  };
  /** Every promise kept: no ticket lost, none of an agent beyond the cap, none assigned twice. */
  const checkInvariants = async (expectOpen: number) => {
    const tickets = await all();
    const open = tickets.filter((t) => t.status <= 5);
    assert.equal(open.length, expectOpen);
    const perAgent = new Map<string, number>();
    for (const t of open) {
      if (t.status === 3) {
        assert.deepEqual(t.agents, [], `queued ticket ${t.ticket_id} has agents`);
        assert.equal(t.agent_owner_id, null);
      } else {
        assert.equal(t.status, 1);
        assert.deepEqual(t.agents, [t.agent_owner_id], `ticket ${t.ticket_id} has one agent`);
        perAgent.set(t.agent_owner_id!, (perAgent.get(t.agent_owner_id!) ?? 0) + 1);
      }
    }
    for (const [agent, n] of perAgent) assert.ok(n <= CAP, `${agent} holds ${n} open tickets, over the cap of ${CAP}`);
    for (const [ticket, n] of await assignedDecisions()) assert.equal(n, 1, `ticket ${ticket} was assigned ${n} times`);
    return { tickets, open, assigned: open.filter((t) => t.status === 1), queued: open.filter((t) => t.status === 3) };
  };

  test('every guest gets a ticket; exactly the capacity is assigned, the rest queue', async () => {
    const answers = await Promise.all(
      Array.from({ length: GUESTS }, (_, i) =>
        (i % 2 === 0 ? client : secondClient).helpdesk.ticket.startService({ data: { open_id: guestId(i), human_service: true } }, lark.withHelpDeskCredential()),
      ),
    );
    assert.deepEqual(answers.filter((a) => a.code !== 0), []);
    const ids = answers.map((a) => a.data!.ticket_id!);
    assert.equal(new Set(ids).size, GUESTS);
    const { tickets, assigned, queued } = await checkInvariants(GUESTS);
    assert.deepEqual(new Set(tickets.map((t) => t.ticket_id)), new Set(ids));
    assert.equal(assigned.length, AGENTS * CAP);
    assert.equal(queued.length, GUESTS - AGENTS * CAP);
  });

  test('every assigned guest closes at once: as many queued tickets take their places, oldest first, none beyond the cap', async () => {
    const { assigned, queued } = await checkInvariants(GUESTS);
    kefu.clock.advance(1_000);
    const closes = await Promise.all(
      assigned.map(async (t, i) => {
        const token = await userToken(kefu, t.guest_id);
        const chats = await kefuCall(kefu, 'GET', '/kefu/v1/chats', token);
        const server = i % 2 === 0 ? kefu : { ...kefu, baseUrl: secondUrl() };
        return kefuCall(server, 'POST', `/kefu/v1/chats/${chats.body.data.chats[0].chat_id}/close`, token, {});
      }),
    );
    assert.deepEqual(closes.filter((c) => c.status !== 200).map((c) => c.body), []);
    const after = await checkInvariants(GUESTS - assigned.length);
    assert.equal(after.assigned.length, AGENTS * CAP);
    // The queue is served in order: the tickets placed are the oldest of those that waited.
    const order = (ts: typeof queued) => ts.map((t) => t.ticket_id).sort();
    const byAge = [...queued].sort((a, b) => a.agent_entry_time - b.agent_entry_time || (a.ticket_id < b.ticket_id ? -1 : 1));
    assert.deepEqual(order(after.assigned), order(byAge.slice(0, AGENTS * CAP)));
  });
});
