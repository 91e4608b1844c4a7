import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { acme, DEFAULT_NOW, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../support/kefu.js';

const TICKET = '6626871355780366331';

describeEachDatabase('GET /kefu/v1/tickets/:ticket_id/routing', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  const routing = (c: lark.Client, ticketId: string) =>
    c.request({ method: 'GET', url: `/kefu/v1/tickets/${ticketId}/routing` }, lark.withHelpDeskCredential()) as Promise<any>;

  test('a ticket never routed answers no decisions', async () => {
    const res = await routing(client, TICKET);
    assert.equal(res.code, 0);
    assert.deepEqual(res.data, { decisions: [] });
  });

  test('each decision is answered as it was made: the skills tried, every agent with its result, the outcome', async () => {
    const { routing: service, store } = kefu.app.kefu;
    const ticket = (await store.repos.tickets.find(acme.helpdesk.helpDeskId, TICKET))!;
    await store.write((repos) => service.decide(repos, ticket, 'transfer', DEFAULT_NOW));
    const res = await routing(client, TICKET);
    // Wednesday 10:00 in Shanghai: Alice (weekdays 09-18) is on duty, Bob is offline by hand, Carol works weekends.
    const guest = (await store.repos.identities.findUsers('acme', [ticket.guest_id]))[0] as any;
    assert.deepEqual(res.data.decisions, [
      {
        at_ms: DEFAULT_NOW,
        trigger: 'transfer',
        subject: { city: guest.city, language: guest.language, department_id: guest.department_id, level: guest.level, source: ticket.channel === 9 ? 1 : 0, faq_categories: [], user_id: ticket.guest_id },
        skills: [
          { skill_id: 'skill-japanese', matched: false, failed_rule_id: 10 },
          { skill_id: 'skill-it', matched: false, failed_rule_id: 12 },
          { skill_id: 'skill-default', matched: true },
        ],
        agents: [
          { agent_id: acme.alice, result: 'picked' },
          { agent_id: acme.bob, result: 'offline' },
          { agent_id: acme.carol, result: 'off_duty' },
        ],
        outcome: 'assigned',
        agent_id: acme.alice,
      },
    ]);
  });

  test('an unknown ticket, and another tenant asking for this one, are 400/154000 naming ticket_id', async () => {
    for (const call of [() => routing(client, '123'), () => routing(sdkClient(kefu.baseUrl, globex.app, globex.helpdesk), TICKET)]) {
      const failure = await sdkFailure(call());
      assert.equal(failure.status, 400);
      assert.equal(failure.body.code, 154000);
      assert.equal(failure.body.error.field_violations[0].field, 'ticket_id');
    }
  });
});
