// The package's testing API as a user's suite meets it: startKefu with the official SDK, captured events, the
// trigger helpers, the clock and reset(), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { startKefu, world, type RunningKefu } from '../../src/index.js';
import { openDatabase } from '../../src/db/connect.js';
import { dialects, pgUrl } from '../support/databases.js';
import { asUser, sdkClient, sdkFailure } from '../support/kefu.js';
import { allTables, snapshot } from '../support/state.js';

const START = Date.parse('2026-11-25T02:00:00Z');
const MESSAGE = 'helpdesk.ticket_message.created_v1';

/** Every table but the two a reset keeps (tokens issued meanwhile, the token secret), as one string. */
async function dataState(kefu: RunningKefu): Promise<string> {
  const database = await openDatabase(kefu.databaseUrl);
  try {
    const tables = (await allTables(database.db)).filter((t) => t !== 'access_tokens' && t !== 'settings');
    return await snapshot(database.db, tables);
  } finally {
    await database.close();
  }
}

for (const dialect of dialects) {
  describe(`startKefu [${dialect}]`, () => {
    let kefu: RunningKefu;
    let client: lark.Client;
    let initial: string;
    before(async () => {
      kefu = await startKefu({ now: START, database: dialect === 'sqlite' ? 'sqlite' : pgUrl });
      client = sdkClient(kefu.url, kefu.credentials, kefu.credentials);
      initial = await dataState(kefu);
    });
    after(() => kefu.close());
    beforeEach(() => kefu.reset());

    test('credentials configure the official SDK as written: the helpdesk answers with the default world', async () => {
      const plain = new lark.Client({ ...kefu.credentials, domain: kefu.url, cache: new Map() as any, loggerLevel: lark.LoggerLevel.error });
      const skills = await plain.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
      assert.equal(skills.code, 0);
      assert.deepEqual(skills.data?.agent_skills?.map((s) => s.name), ['General']);
      assert.equal(kefu.credentials.userTokens.ou_owner, 'u-test-ou_owner');
      assert.equal(kefu.databaseUrl.length > 0, true);
    });

    test('an echo bot: the guest says hello, the bot gets the message event and answers through the SDK', async () => {
      const guest = kefu.guest('ou_guest_1');
      await guest.say('hello');
      const event: any = await kefu.events.next(MESSAGE);
      assert.equal(event.schema, '2.0');
      assert.equal(event.header.app_id, kefu.credentials.appId);
      assert.match(event.header.event_id, /^[0-9a-f]{32}$/);
      assert.equal(event.event.text, 'hello');
      assert.equal(event.event.sender_type, 2);
      assert.deepEqual(event.event.sender_id, { open_id: 'ou_guest_1' });
      const answer = await client.helpdesk.ticketMessage.create(
        { path: { ticket_id: event.event.ticket.ticket_id }, data: { msg_type: 'text', content: JSON.stringify({ text: `echo: ${event.event.text}` }) } },
        lark.withHelpDeskCredential(),
      );
      assert.equal(answer.code, 0);
      assert.deepEqual(await guest.texts(), ['hello', 'echo: hello']);
      assert.deepEqual(
        kefu.events.all().map((e: any) => [e.header.event_type, e.event.sender_type ?? null]),
        [['helpdesk.ticket.created_v1', null], [MESSAGE, 2], [MESSAGE, 1]],
      );
    });

    test('next answers earlier events first, each once, then waits for one to come', async () => {
      const guest = kefu.guest('ou_guest_2');
      await guest.say('one');
      await guest.say('two');
      assert.equal(((await kefu.events.next(MESSAGE)) as any).event.text, 'one');
      assert.equal(((await kefu.events.next(MESSAGE)) as any).event.text, 'two');
      const created = await kefu.events.next('helpdesk.ticket.created_v1');
      assert.deepEqual((created.event as any).guest.id, { open_id: 'ou_guest_2' });
      const third = kefu.events.next((e: any) => e.event.text === 'three');
      await guest.say('three');
      assert.equal(((await third) as any).event.text, 'three');
      await assert.rejects(kefu.events.next(MESSAGE, 50), /no event "helpdesk.ticket_message.created_v1" within 50 ms; captured: .*\(answered\)/);
      kefu.events.clear();
      assert.deepEqual(kefu.events.all(), []);
    });

    test('a refused request captures no event', async () => {
      const guest = kefu.guest('ou_guest_1');
      await assert.rejects(guest.close(), /has no chat with helpdesk 7100000000000000001 yet/);
      await guest.startService();
      await guest.close();
      kefu.events.clear();
      await assert.rejects(guest.close(), (e: any) => e.status === 400 && e.code === 154000);
      const bad = await sdkFailure(
        client.helpdesk.ticketMessage.create({ path: { ticket_id: '404404' }, data: { msg_type: 'text', content: '{"text":"x"}' } }, lark.withHelpDeskCredential()),
      );
      assert.notEqual(bad.status, 200);
      assert.deepEqual(kefu.events.all(), []);
    });

    test('agent and guest triggers: a human ticket is routed, answered, closed with a score', async () => {
      const guest = kefu.guest('ou_guest_1');
      const { ticket_id } = await guest.startService({ humanService: true });
      const created: any = await kefu.events.next('helpdesk.ticket.created_v1');
      assert.equal(created.event.ticket_id, ticket_id);
      const agentId = created.event.agents?.[0]?.id?.open_id;
      assert.ok(agentId, JSON.stringify(created.event));
      await guest.say('My VPN is down');
      const reply = await kefu.agent(agentId).reply('Restarting the gateway');
      assert.equal(reply.ticket_id, ticket_id);
      assert.deepEqual(await guest.texts(), ['My VPN is down', 'Restarting the gateway']);
      await guest.close(3);
      const ticket = await client.helpdesk.ticket.get({ path: { ticket_id: ticket_id! } }, lark.withHelpDeskCredential());
      assert.equal(ticket.data?.ticket?.status, 52);
      assert.equal(ticket.data?.ticket?.score, 3);
      const updates = kefu.events.all().filter((e) => e.header.event_type === 'helpdesk.ticket.updated_v1');
      assert.equal((updates.at(-1)?.event as any).object.status, 52);
    });

    test('the clock is frozen at `now`; set and advance move it forward only, through Kefu', async () => {
      assert.equal(kefu.clock.now(), START);
      assert.equal(await kefu.clock.advance(60_000), START + 60_000);
      assert.equal(await kefu.clock.set('2026-11-25T03:00:00Z'), Date.parse('2026-11-25T03:00:00Z'));
      await assert.rejects(kefu.clock.set(START), /154000/);
      const guest = kefu.guest('ou_guest_2');
      await guest.say('when?');
      assert.equal((await kefu.events.next(MESSAGE)).header.create_time, String(Date.parse('2026-11-25T03:00:00Z')));
    });

    test('reset() puts every table back to the fixture, keeps SDK tokens valid and the clock back at the start', async () => {
      const guest = kefu.guest('ou_guest_1');
      await guest.startService({ humanService: true });
      await guest.say('something to undo');
      await client.helpdesk.agentSkill.create({ data: { name: 'Temporary', rules: [], agent_ids: ['ou_agent_1'] } } as any, asUser(kefu.credentials.userTokens.ou_owner));
      await kefu.clock.advance(3_600_000);
      assert.notEqual(await dataState(kefu), initial);

      await kefu.reset();
      assert.equal(await dataState(kefu), initial);
      assert.deepEqual(kefu.events.all(), []);
      assert.equal(kefu.clock.now(), START);
      // The SDK still holds the tenant token it fetched before the reset; it is still good.
      const tickets = await client.helpdesk.ticket.list({ params: {} }, lark.withHelpDeskCredential());
      assert.equal(tickets.data?.total, 0);
      // A guest starts afresh: a new chat and ticket, with the guest's token kept.
      await kefu.guest('ou_guest_1').say('after the reset');
      assert.deepEqual(await kefu.guest('ou_guest_1').texts(), ['after the reset']);
    });
  });
}

describe('startKefu with a built world and the real clock', () => {
  let kefu: RunningKefu;
  before(async () => {
    kefu = await startKefu({
      now: false,
      fixture: world({ app: { app_id: 'cli_built', app_secret: 'built-secret' } })
        .helpdesk({ name: 'Built', helpdesk_id: '123', helpdesk_token: 'built-token' })
        .skill({ id: 'vip', name: 'VIP' })
        .agent('ou_vip_agent', { name: 'Vera', skills: ['vip'] })
        .agent('ou_away', { status: 2 })
        .guest('ou_g', { name: 'Gina', city: 'Tokyo' })
        .ticket({ guest: 'ou_g', status: 2, agents: ['ou_vip_agent'], agent_owner: 'ou_vip_agent', created_at: Date.parse('2026-01-01T00:00:00Z') }),
    });
  });
  after(() => kefu.close());

  test("the credentials are the built world's, and its skills, agents and ticket are served", async () => {
    assert.deepEqual({ ...kefu.credentials, userTokens: Object.keys(kefu.credentials.userTokens).sort() }, {
      appId: 'cli_built',
      appSecret: 'built-secret',
      helpDeskId: '123',
      helpDeskToken: 'built-token',
      userTokens: ['ou_away', 'ou_g', 'ou_owner', 'ou_vip_agent'],
    });
    const client = sdkClient(kefu.url, kefu.credentials, kefu.credentials);
    const skills = await client.helpdesk.agentSkill.list({}, lark.withHelpDeskCredential());
    assert.deepEqual(
      skills.data?.agent_skills?.map((s) => [s.name, s.agent_ids?.sort()]),
      [['General', ['ou_away', 'ou_vip_agent']], ['VIP', ['ou_vip_agent']]],
    );
    const tickets = await client.helpdesk.ticket.list({ params: {} }, lark.withHelpDeskCredential());
    assert.deepEqual(tickets.data?.tickets?.map((t) => [t.guest?.name, t.status, t.agent_owner?.id]), [['Gina', 2, 'ou_vip_agent']]);
  });

  test('the clock runs in real time and cannot be moved', async () => {
    assert.ok(Math.abs(kefu.clock.now() - Date.now()) < 60_000);
    await assert.rejects(kefu.clock.advance(1), /real time/);
  });
});
