// GET /open-apis/helpdesk/v1/customized_fields through the official SDK: user and ticket fields side by side.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

describeEachDatabase('GET /open-apis/helpdesk/v1/customized_fields', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const fieldsOf = async (client = sdkClient(kefu.baseUrl, acme.app), visible_only?: boolean) =>
    (await client.helpdesk.ticket.customizedFields(visible_only === undefined ? {} : { params: { visible_only } }, asHelpdesk())).data!;

  test('answers the fixture user fields (with the legacy id) and ticket fields, in id order', async () => {
    const data = await fieldsOf();
    assert.deepEqual(data.user_customized_fields![0], {
      user_customized_field_id: '223',
      id: '223',
      helpdesk_id: acme.helpdesk.helpDeskId,
      key_name: 'contract',
      display_name: 'Contract number',
      position: '1',
      field_type: 'string',
      description: '',
      visible: true,
      editable: false,
      required: false,
      created_at: String(kefu.clock.now()),
      updated_at: String(kefu.clock.now()),
    });
    assert.deepEqual(data.user_customized_fields!.map((f) => f.key_name), ['contract', 'vip_note']);
    assert.deepEqual(data.ticket_customized_fields!.map((f) => f.key_name), ['device', 'region', 'internal_note']);
  });

  test('visible_only leaves out the hidden fields of both kinds', async () => {
    const data = await fieldsOf(undefined, true);
    assert.deepEqual(data.user_customized_fields!.map((f) => f.key_name), ['contract']);
    assert.deepEqual(data.ticket_customized_fields!.map((f) => f.key_name), ['device', 'region']);
  });

  test('a field created through the API shows here at once; a deleted one is gone', async () => {
    const api = sdkClient(kefu.baseUrl, acme.app).helpdesk.ticketCustomizedField;
    const data = { key_name: 'os', display_name: 'OS', position: '7', field_type: 'string', description: '', visible: true, required: false };
    const id = ((await api.create({ data }, asUser(acme.ownerToken))).data as any).ticket_customized_field_id;
    assert.deepEqual((await fieldsOf()).ticket_customized_fields!.map((f) => f.key_name), ['device', 'region', 'internal_note', 'os']);
    await api.delete({ path: { ticket_customized_field_id: id } }, asUser(acme.ownerToken));
    assert.deepEqual((await fieldsOf()).ticket_customized_fields!.map((f) => f.key_name), ['device', 'region', 'internal_note']);
  });

  test("another tenant sees only its own helpdesk's fields", async () => {
    const data = await fieldsOf(sdkClient(kefu.baseUrl, globex.app, globex.helpdesk));
    assert.deepEqual(data.user_customized_fields, []);
    assert.deepEqual(data.ticket_customized_fields!.map((f) => [f.ticket_customized_field_id, f.key_name]), [['7770000000000000001', 'globex_secret']]);
  });
});
