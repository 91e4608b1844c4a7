import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { ok } from '../../../../../../src/platform/envelope.js';
import { GetTicketAnswer } from '../../../../../../src/schemas/tickets.js';
import { TicketsService } from '../../../../../../src/services/tickets-service.js';
import { issueTenantToken } from '../../../../../support/callers.js';
import { acme, describeEachDatabase, globex, helpdeskHeader, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { schemaSerialiser } from '../../../../../support/schema-serialiser.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/tickets/:ticket_id', (dialect) => {
  let kefu: RunningKefu;
  let client: lark.Client;
  before(async () => {
    kefu = await startKefu(dialect);
    client = sdkClient(kefu.baseUrl, acme.app);
  });
  after(() => kefu.close());

  test('the SDK gets data.ticket, the same ticket the list answers', async () => {
    const list = await client.helpdesk.ticket.list({}, lark.withHelpDeskCredential());
    assert.equal(list.data!.tickets!.length, 2);
    for (const listed of list.data!.tickets!) {
      const res = await client.helpdesk.ticket.get({ path: { ticket_id: listed.ticket_id } }, lark.withHelpDeskCredential());
      assert.equal(res.code, 0);
      assert.deepEqual(res.data!.ticket, listed);
    }
  });

  test('the answer is byte for byte what the response schema writes for the same ticket', async () => {
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const headers = { authorization: `Bearer ${token}`, 'x-lark-helpdesk-authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) };
    const serialise = await schemaSerialiser(GetTicketAnswer);
    const helpdesk = (await kefu.app.kefu.store.repos.helpdesks.find(acme.helpdesk.helpDeskId))!;
    for (const ticket_id of ['6626871355780366331', '6626871355780366332']) {
      const res = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/tickets/${ticket_id}`, { headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const expected = serialise(ok({ ticket: await new TicketsService(kefu.app.kefu.store).get(helpdesk, ticket_id) }));
      assert.equal(await res.text(), expected);
    }
  });

  test('an unknown ticket, and another tenant\'s helpdesk asking for this one, are 400/154000 naming ticket_id', async () => {
    // Made one at a time: a rejected call left waiting while the other is awaited counts as an unhandled rejection.
    const calls = [
      () => client.helpdesk.ticket.get({ path: { ticket_id: '123' } }, lark.withHelpDeskCredential()),
      () => sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.ticket.get({ path: { ticket_id: '6626871355780366331' } }, lark.withHelpDeskCredential()),
    ];
    for (const call of calls) {
      const failure = await sdkFailure(call());
      assert.equal(failure.status, 400);
      assert.equal(failure.body.code, 154000);
      assert.equal(failure.body.error.field_violations[0].field, 'ticket_id');
      assert.doesNotMatch(JSON.stringify(failure.body), /Zhang San/);
    }
  });

  test('without the helpdesk credential the answer is 401/154001', async () => {
    const failure = await sdkFailure(sdkClient(kefu.baseUrl, acme.app, null).helpdesk.ticket.get({ path: { ticket_id: '6626871355780366331' } }, lark.withHelpDeskCredential()));
    assert.equal(failure.status, 401);
    assert.equal(failure.body.code, 154001);
  });
});
