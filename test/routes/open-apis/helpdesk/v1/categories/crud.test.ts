// GET list / POST / GET one / PATCH / DELETE /open-apis/helpdesk/v1/categories through the official SDK: the tree,
// who may write, every refusal with its code, and isolation between helpdesks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { userToken } from '../../../../../support/lifecycle.js';
import { assertBadFields, assertNotFound, refusesWhoMayNotWrite } from '../write-access.js';

const hd = acme.helpdesk.helpDeskId;
const ids = { accounts: '7100000000000000001', passwords: '7100000000000000002', network: '7100000000000000003', billing: '7100000000000000004' };

describeEachDatabase('FAQ categories', (dialect) => {
  let kefu: RunningKefu;
  let agentToken: string;
  before(async () => {
    kefu = await startKefu(dialect);
    agentToken = await userToken(kefu, acme.alice);
  });
  after(() => kefu.close());

  const api = () => sdkClient(kefu.baseUrl, acme.app).helpdesk.category;
  const tree = async (params: any = {}) => (await api().list({ params }, asHelpdesk())).data!.categories as any[];

  test('the list is the tree: roots with their children nested, as the docs show it', async () => {
    assert.deepEqual(await tree(), [
      {
        category_id: ids.accounts, id: ids.accounts, name: 'Accounts', parent_id: '0', helpdesk_id: hd, language: 'en_us',
        children: [{ category_id: ids.passwords, id: ids.passwords, name: 'Passwords', parent_id: ids.accounts, helpdesk_id: hd, language: 'en_us' }],
      },
      { category_id: ids.network, id: ids.network, name: '网络', parent_id: '0', helpdesk_id: hd, language: 'zh_cn' },
      { category_id: ids.billing, id: ids.billing, name: '請求書', parent_id: '0', helpdesk_id: hd, language: 'ja_jp' },
    ]);
    assert.deepEqual((await tree({ lang: 'ja_jp' })).map((c) => c.name), ['請求書']);
    assert.deepEqual((await tree({ lang: 'en_us' }))[0].children.map((c: any) => c.name), ['Passwords']);
  });

  test('get answers the category itself, unwrapped; an unknown id is 404/154004', async () => {
    const res = await api().get({ path: { id: ids.network } }, asHelpdesk());
    assert.deepEqual(res, { code: 0, msg: 'success', data: { category_id: ids.network, id: ids.network, name: '网络', parent_id: '0', helpdesk_id: hd, language: 'zh_cn' } });
    assertNotFound(await sdkFailure(api().get({ path: { id: '42' } }, asHelpdesk())));
  });

  test('an agent creates a root and a child; the child takes its parent language; order_by=1 sorts by update time', async () => {
    kefu.clock.advance(1000);
    const root = (await api().create({ data: { name: 'Hardware', parent_id: '0', language: 'en_us' } }, asUser(agentToken))).data!.category!;
    assert.match(root.category_id, /^[0-9]{19}$/);
    assert.deepEqual(root, { category_id: root.category_id, id: root.category_id, name: 'Hardware', parent_id: '0', helpdesk_id: hd, language: 'en_us' });
    kefu.clock.advance(1000);
    const child = (await api().create({ data: { name: 'Laptops', parent_id: root.category_id } }, asUser(acme.adminToken))).data!.category!;
    assert.equal(child.language, 'en_us');
    assert.equal(child.parent_id, root.category_id);
    const listed = (await tree()).find((c) => c.category_id === root.category_id);
    assert.deepEqual(listed.children.map((c: any) => c.name), ['Laptops']);
    assert.equal((await tree({ order_by: 1, asc: false }))[0].name, 'Hardware');
    assert.equal((await tree({ order_by: 1, asc: true }))[0].name, 'Accounts');
    assert.equal((await api().get({ path: { id: child.category_id } }, asHelpdesk())).data!.name, 'Laptops');
  });

  test('patch renames and moves; a move under itself, below itself or too deep is refused and writes nothing', async () => {
    assert.deepEqual(await api().patch({ path: { id: ids.passwords }, data: { name: 'Passwords & 2FA' } }, asUser(acme.ownerToken)), { code: 0, msg: 'success', data: {} });
    assert.equal((await api().get({ path: { id: ids.passwords } }, asHelpdesk())).data!.name, 'Passwords & 2FA');
    const before = await tree();
    const patch = (id: string, data: any) => sdkFailure(api().patch({ path: { id }, data }, asUser(acme.ownerToken)));
    assertBadFields(await patch(ids.accounts, { parent_id: ids.accounts }), ['parent_id']);
    assertBadFields(await patch(ids.accounts, { parent_id: ids.passwords }), ['parent_id']);
    assertBadFields(await patch(ids.accounts, { parent_id: ids.network }), ['parent_id']); // another language
    assertBadFields(await patch(ids.accounts, { parent_id: '99' }), ['parent_id']);
    assertBadFields(await patch(ids.accounts, { name: '' }), ['name']);
    assertNotFound(await patch('99', { name: 'x' }));
    assert.deepEqual(await tree(), before);
    // A root moves under another root of its language, and back.
    const spare = (await api().create({ data: { name: 'Spare', parent_id: '0', language: 'en_us' } }, asUser(acme.ownerToken))).data!.category!;
    assert.equal((await api().patch({ path: { id: spare.category_id }, data: { parent_id: ids.accounts } }, asUser(acme.ownerToken))).code, 0);
    assert.deepEqual((await tree()).find((c) => c.category_id === ids.accounts).children.map((c: any) => c.category_id), [ids.passwords, spare.category_id]);
    // Accounts > Spare > (a child) is three levels; Accounts > Passwords > Spare > child would be four.
    await api().create({ data: { name: 'Spare child', parent_id: spare.category_id } }, asUser(acme.ownerToken));
    assertBadFields(await patch(spare.category_id, { parent_id: ids.passwords }), ['parent_id']);
    assert.equal((await api().patch({ path: { id: spare.category_id }, data: { parent_id: '0' } }, asUser(acme.ownerToken))).code, 0);
  });

  test('bad creates name the field and write nothing', async () => {
    const before = await tree();
    const create = (data: any) => sdkFailure(api().create({ data }, asUser(acme.ownerToken)));
    assertBadFields(await create({ name: 'x', parent_id: '12345' }), ['parent_id']);
    assertBadFields(await create({ name: '', parent_id: '0' }), ['name']);
    assertBadFields(await create({ parent_id: '0' }), ['name']);
    assertBadFields(await create({ name: 'x' }), ['parent_id']);
    assertBadFields(await create({ name: 'x', parent_id: '0', language: 'english' }), ['language']);
    assertBadFields(await create({ name: 'x', parent_id: ids.passwords, language: 'ja_jp' }), ['language']);
    const deep = (await api().create({ data: { name: 'Deep', parent_id: ids.passwords } }, asUser(acme.ownerToken))).data!.category!;
    const afterDeep = await tree();
    assertBadFields(await create({ name: 'Too deep', parent_id: deep.category_id }), ['parent_id']);
    assert.deepEqual(await tree(), afterDeep);
    await api().delete({ path: { id: deep.category_id } }, asUser(acme.ownerToken));
    assert.deepEqual(await tree(), before);
  });

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.category.create({ data: { name: 'refused', parent_id: '0' } }, options), () => tree());
  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.category.patch({ path: { id: ids.network }, data: { name: 'refused' } }, options), () => tree());
  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.category.delete({ path: { id: ids.billing } }, options), () => tree());

  test("another helpdesk's categories are unknown by id, both ways, and never listed", async () => {
    const globexApi = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.category;
    assert.deepEqual((await globexApi.list({}, asHelpdesk())).data!.categories!.map((c) => c.name), ['Globex vault']);
    assertNotFound(await sdkFailure(globexApi.get({ path: { id: ids.network } }, asHelpdesk())));
    assertNotFound(await sdkFailure(globexApi.patch({ path: { id: ids.network }, data: { name: 'taken' } }, asUser(globex.ownerToken))));
    assertNotFound(await sdkFailure(globexApi.delete({ path: { id: ids.network } }, asUser(globex.ownerToken))));
    assertNotFound(await sdkFailure(api().get({ path: { id: '7300000000000000001' } }, asHelpdesk())));
    assertBadFields(await sdkFailure(globexApi.create({ data: { name: 'x', parent_id: ids.network } }, asUser(globex.ownerToken))), ['parent_id']);
    assert.equal((await api().get({ path: { id: ids.network } }, asHelpdesk())).data!.name, '网络');
  });

  test('delete: refused while it has children; a leaf goes and its FAQs stay, unfiled', async () => {
    const before = await tree();
    assertBadFields(await sdkFailure(api().delete({ path: { id: ids.accounts } }, asUser(acme.ownerToken))), ['id']);
    assert.deepEqual(await tree(), before);
    const faqApi = sdkClient(kefu.baseUrl, acme.app).helpdesk.faq;
    assert.deepEqual((await faqApi.get({ path: { id: '7200000000000000002' } }, asHelpdesk())).data!.faq!.categories!.map((c) => c.category_id), [ids.network]);
    assert.deepEqual(await api().delete({ path: { id: ids.network } }, asUser(agentToken)), { code: 0, msg: 'success', data: {} });
    assertNotFound(await sdkFailure(api().get({ path: { id: ids.network } }, asHelpdesk())));
    assertNotFound(await sdkFailure(api().delete({ path: { id: ids.network } }, asUser(acme.ownerToken))));
    assert.deepEqual((await faqApi.get({ path: { id: '7200000000000000002' } }, asHelpdesk())).data!.faq!.categories, []);
  });
});
