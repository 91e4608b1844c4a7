// POST / GET list / GET one / PATCH / DELETE /open-apis/helpdesk/v1/ticket_customized_fields through the official SDK.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_NOW, acme, asHelpdesk, asUser, describeEachDatabase, globex, helpdeskHeader, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { issueTenantToken } from '../../../../../support/callers.js';
import { assertBadFields, refusesWhoMayNotWrite } from '../write-access.js';

const owner = {
  id: acme.owner,
  avatar_url: `https://avatars.example/${acme.owner}.png`,
  name: 'Olivia Owner',
  email: 'olivia.owner@acme.example',
  department: 'Support',
  city: 'Beijing',
  country: 'CN',
};

const warranty = {
  key_name: 'warranty',
  display_name: 'Warranty',
  position: '4',
  field_type: 'dropdown',
  description: 'Is the device under warranty',
  visible: true,
  editable: false,
  required: true,
  dropdown_allow_multiple: true,
};

describeEachDatabase('ticket customized fields', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect)));
  after(() => kefu.close());

  const client = () => sdkClient(kefu.baseUrl, acme.app);
  const api = () => client().helpdesk.ticketCustomizedField;
  const create = (data: any, token = acme.ownerToken) => api().create({ data }, asUser(token));
  const all = async (visible?: boolean) => {
    const items: any[] = [];
    for await (const page of await api().listWithIterator({ data: visible === undefined ? {} : { visible }, params: { page_size: 100 } }, asHelpdesk())) items.push(...(page?.items ?? []));
    return items;
  };
  const keys = async (visible?: boolean) => (await all(visible)).map((f) => f.key_name);

  test('the fixture fields are listed in id order with every field Feishu answers', async () => {
    const res = await api().list({ params: { page_size: 10 } }, asHelpdesk());
    assert.equal(res.code, 0);
    assert.equal(res.data!.has_more, false);
    assert.equal('next_page_token' in res.data!, false, 'the last page carries no next_page_token (Go loops on "")');
    assert.deepEqual(res.data!.items!.map((f) => f.key_name), ['device', 'region', 'internal_note']);
    assert.deepEqual(res.data!.items![0], {
      ticket_customized_field_id: '123',
      helpdesk_id: acme.helpdesk.helpDeskId,
      key_name: 'device',
      display_name: 'Device',
      position: '1',
      field_type: 'string',
      description: 'The device the guest writes about',
      visible: true,
      editable: true,
      required: true,
      created_at: String(DEFAULT_NOW),
      updated_at: String(DEFAULT_NOW),
      created_by: owner,
      updated_by: owner,
      dropdown_allow_multiple: false,
    });
    assert.deepEqual((res.data!.items![1] as any).dropdown_options, {
      children: [{ tag: 'asia', display_name: 'Asia', children: [{ tag: 'cn', display_name: 'China', children: [{ tag: 'sh', display_name: 'Shanghai' }] }] }, { tag: 'europe', display_name: 'Europe' }],
    });
  });

  test('create as the owner: listed and got with what was sent, the creator and the time as strings of ms', async () => {
    kefu.clock.advance(1000);
    const res = await create({ ...warranty, helpdesk_id: acme.helpdesk.helpDeskId });
    assert.equal(res.code, 0);
    const id = (res.data as any).ticket_customized_field_id as string;
    assert.match(id, /^[0-9]{19}$/);
    const got = (await api().get({ path: { ticket_customized_field_id: id } }, asHelpdesk())).data!;
    assert.deepEqual(got, {
      ticket_customized_field_id: id,
      helpdesk_id: acme.helpdesk.helpDeskId,
      ...warranty,
      created_at: String(DEFAULT_NOW + 1000),
      updated_at: String(DEFAULT_NOW + 1000),
      created_by: owner,
      updated_by: owner,
    });
    assert.deepEqual((await all()).find((f) => f.ticket_customized_field_id === id), got);
  });

  test('an admin may create; editable defaults to true, dropdown_options are kept as given', async () => {
    const options = { children: [{ tag: 'a', display_name: 'A' }, { tag: 'b', display_name: 'B' }] };
    const res = await create({ key_name: 'plan', display_name: 'Plan', position: '9', field_type: 'dropdown', description: '', visible: true, required: false, dropdown_options: options }, acme.adminToken);
    const id = (res.data as any).ticket_customized_field_id;
    const got = (await api().get({ path: { ticket_customized_field_id: id } }, asHelpdesk())).data as any;
    assert.equal(got.editable, true);
    assert.equal(got.created_by.id, acme.admin);
    assert.deepEqual(got.dropdown_options, options);
  });

  test('the list reads `visible` from the GET body, as the SDK sends it (and ?visible= as a fallback)', async () => {
    assert.deepEqual(await keys(false), ['internal_note']);
    assert.ok((await keys(true)).includes('device'));
    assert.equal((await keys(true)).includes('internal_note'), false);
    const token = await issueTenantToken(kefu.baseUrl, acme.app);
    const raw = await fetch(`${kefu.baseUrl}/open-apis/helpdesk/v1/ticket_customized_fields?visible=false`, {
      headers: { Authorization: `Bearer ${token}`, 'X-Lark-Helpdesk-Authorization': helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken) },
    });
    assert.deepEqual(((await raw.json()) as any).data.items.map((f: any) => f.key_name), ['internal_note']);
  });

  test('pages follow next_page_token until has_more is false; no field twice, none missed', async () => {
    const everything = (await all()).map((f) => f.ticket_customized_field_id);
    const seen: string[] = [];
    let page_token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = (await api().list({ params: { page_size: 2, ...(page_token ? { page_token } : {}) } }, asHelpdesk())).data!;
      seen.push(...page.items!.map((f) => f.ticket_customized_field_id));
      if (!page.has_more) {
        assert.equal(page.next_page_token, undefined);
        break;
      }
      page_token = page.next_page_token;
    }
    assert.deepEqual(seen, everything);
    assert.ok(everything.length >= 4);
  });

  test('bad list input: page_size over 100, a visible that is not a boolean', async () => {
    assertBadFields(await sdkFailure(api().list({ params: { page_size: 101 } }, asHelpdesk())), ['page_size']);
    assertBadFields(await sdkFailure(api().list({ data: { visible: 'yes' as any } }, asHelpdesk())), ['visible']);
  });

  test('patch: present fields change, absent ones stay, the updater and time are recorded', async () => {
    kefu.clock.advance(1000);
    const res = await api().patch({ path: { ticket_customized_field_id: '124' }, data: { display_name: 'Area', required: true } }, asUser(acme.adminToken));
    assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
    const got = (await api().get({ path: { ticket_customized_field_id: '124' } }, asHelpdesk())).data! as any;
    assert.equal(got.display_name, 'Area');
    assert.equal(got.required, true);
    assert.equal(got.position, '2');
    assert.equal(got.description, 'Where the guest is');
    assert.equal(got.key_name, 'region');
    assert.equal(got.created_at, String(DEFAULT_NOW));
    assert.equal(got.updated_at, String(kefu.clock.now()));
    assert.equal(got.updated_by.id, acme.admin);
    assert.equal(got.dropdown_options.children.length, 2);
  });

  test('refused creates and patches name the field and write nothing', async () => {
    const before = await all();
    const cases: [any, string[]][] = [
      [{ ...warranty, key_name: 'device' }, ['key_name']],
      [{ ...warranty, key_name: 'x1', field_type: 'number' }, ['field_type']],
      [{ ...warranty, key_name: 'x2', position: 'first' }, ['position']],
      [{ ...warranty, key_name: 'x3', helpdesk_id: globex.helpdesk.helpDeskId }, ['helpdesk_id']],
      [{ ...warranty, key_name: 'x4', field_type: 'string' }, ['dropdown_allow_multiple']],
      [{ ...warranty, key_name: 'x5', dropdown_allow_multiple: false, field_type: 'string', dropdown_options: { children: [] } }, ['dropdown_options']],
      [{ ...warranty, key_name: 'x6', dropdown_options: { children: [{ tag: 'a', display_name: 'A', children: [{ tag: 'b', display_name: 'B' }] }] } }, ['dropdown_options.children[0].children']],
      [
        {
          ...warranty, key_name: 'x7', field_type: 'dropdown_nested', dropdown_allow_multiple: false,
          dropdown_options: { children: [{ tag: 'a', display_name: 'A', children: [{ tag: 'b', display_name: 'B', children: [{ tag: 'c', display_name: 'C', children: [{ tag: 'd', display_name: 'D' }] }] }] }] },
        },
        ['dropdown_options.children[0].children[0].children[0].children'],
      ],
      [{ ...warranty, key_name: 'x8', dropdown_options: { children: [{ tag: 'a', display_name: 'A' }, { tag: 'a', display_name: 'A again' }] } }, ['dropdown_options.children[1].tag']],
      [{ ...warranty, key_name: undefined }, ['key_name']],
      [{ ...warranty, key_name: 'x9', visible: 'yes' }, ['visible']],
    ];
    for (const [body, fieldsAtFault] of cases) assertBadFields(await sdkFailure(create(body)), fieldsAtFault);
    const patch = (id: string, data: any) => sdkFailure(api().patch({ path: { ticket_customized_field_id: id }, data }, asUser(acme.ownerToken)));
    assertBadFields(await patch('123', { dropdown_options: { children: [{ tag: 'a', display_name: 'A' }] } }), ['dropdown_options']);
    assertBadFields(await patch('123', { position: '-1' }), ['position']);
    assertBadFields(await patch('999', { display_name: 'Nothing' }), ['ticket_customized_field_id']);
    assert.deepEqual(await all(), before);
  });

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.ticketCustomizedField.create({ data: { ...warranty, key_name: 'refused' } }, options), () => all());
  refusesWhoMayNotWrite(
    () => kefu,
    (c, options) => c.helpdesk.ticketCustomizedField.patch({ path: { ticket_customized_field_id: '123' }, data: { display_name: 'refused' } }, options),
    () => all(),
  );
  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.ticketCustomizedField.delete({ path: { ticket_customized_field_id: '123' } }, options), () => all());

  test("another tenant's field is unreachable by its id, both ways", async () => {
    const globexClient = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk);
    const globexApi = globexClient.helpdesk.ticketCustomizedField;
    assertBadFields(await sdkFailure(api().get({ path: { ticket_customized_field_id: '7770000000000000001' } }, asHelpdesk())), ['ticket_customized_field_id']);
    const asGlobexOwner = asUser(globex.ownerToken);
    for (const call of [
      () => globexApi.get({ path: { ticket_customized_field_id: '123' } }, asHelpdesk()),
      () => globexApi.patch({ path: { ticket_customized_field_id: '123' }, data: { display_name: 'taken' } }, asGlobexOwner),
      () => globexApi.delete({ path: { ticket_customized_field_id: '123' } }, asGlobexOwner),
    ]) {
      assertBadFields(await sdkFailure(call()), ['ticket_customized_field_id']);
    }
    const globexItems = (await globexApi.list({}, asHelpdesk())).data!.items!;
    assert.deepEqual(globexItems.map((f) => f.key_name), ['globex_secret']);
    // The same key_name may exist in two helpdesks.
    assert.equal((await globexApi.create({ data: { ...warranty, key_name: 'device' } }, asGlobexOwner)).code, 0);
    assert.equal((await api().get({ path: { ticket_customized_field_id: '123' } }, asHelpdesk())).data!.display_name, 'Device');
  });

  test('delete: the field is gone, its id unknown afterwards; tickets keep the values they hold', async () => {
    const res = await api().delete({ path: { ticket_customized_field_id: '123' } }, asUser(acme.ownerToken));
    assert.deepEqual(res, { code: 0, msg: 'success', data: {} });
    assert.equal((await keys()).includes('device'), false);
    assertBadFields(await sdkFailure(api().get({ path: { ticket_customized_field_id: '123' } }, asHelpdesk())), ['ticket_customized_field_id']);
    assertBadFields(await sdkFailure(api().delete({ path: { ticket_customized_field_id: '123' } }, asUser(acme.ownerToken))), ['ticket_customized_field_id']);
    const ticket = (await client().helpdesk.ticket.get({ path: { ticket_id: '6626871355780366331' } }, asHelpdesk())).data!.ticket! as any;
    assert.deepEqual(ticket.customized_fields.map((f: any) => [f.id, f.value]), [['123', 'laptop']]);
    // The key_name is free again.
    assert.equal((await create({ ...warranty, key_name: 'device' })).code, 0);
  });
});
