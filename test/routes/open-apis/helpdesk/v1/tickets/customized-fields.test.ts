// A ticket's customized_fields through PUT tickets/:ticket_id and GET tickets/:ticket_id, against the helpdesk's
// defined ticket customized fields.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { assertBadFields } from '../write-access.js';

const ticketId = '6626871355780366331';
const device = { id: '123', key_name: 'device', display_name: 'Device', position: 1, required: true, editable: true };
const region = { id: '124', key_name: 'region', display_name: 'Region', position: 2, required: false, editable: true };

describeEachDatabase('PUT tickets/:ticket_id customized_fields', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const put = (customized_fields: any[]) => client().helpdesk.ticket.update({ path: { ticket_id: ticketId }, data: { customized_fields } }, asUser(acme.ownerToken));
  const fields = async () => ((await client().helpdesk.ticket.get({ path: { ticket_id: ticketId } }, asHelpdesk())).data!.ticket as any).customized_fields;

  test('values are answered with their definitions, by position; a given one replaces its own, "" removes it', async () => {
    assert.deepEqual(await fields(), [{ ...device, value: 'laptop' }]);
    assert.equal((await put([{ id: '124', value: 'sh' }, { id: '123', value: 'phone', key_name: 'device' }])).code, 0);
    assert.deepEqual(await fields(), [{ ...device, value: 'phone' }, { ...region, value: 'sh' }]);
    await put([{ id: '123', value: '' }]);
    assert.deepEqual(await fields(), [{ ...region, value: 'sh' }]);
  });

  test('an unknown id, a key_name of another field, or another tenant\'s field is 400/154000 naming it; the ticket is unchanged', async () => {
    const before = await fields();
    assertBadFields(await sdkFailure(put([{ id: '123', value: 'a' }, { id: '999', value: 'b' }])), ['customized_fields[1].id']);
    assertBadFields(await sdkFailure(put([{ id: '123', value: 'a', key_name: 'region' }])), ['customized_fields[0].key_name']);
    assertBadFields(await sdkFailure(put([{ id: '7770000000000000001', value: 'x' }])), ['customized_fields[0].id']);
    assert.deepEqual(await fields(), before);
    const globexPut = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.ticket.update(
      { path: { ticket_id: ticketId }, data: { customized_fields: [{ id: '7770000000000000001', value: 'x' }] } },
      asUser(globex.ownerToken),
    );
    assert.notEqual((await sdkFailure(globexPut)).status, 200);
    assert.deepEqual(await fields(), before);
  });
});
