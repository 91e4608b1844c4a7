// GET list (and its iterator) / search / POST / GET one / PATCH / DELETE /open-apis/helpdesk/v1/faqs and GET
// faqs/:id/image/:image_key through the official SDK: shapes, pages, every refusal with its code, isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bytesOf, fileFailure, samples, upload } from '../../../../../support/images.js';
import { DEFAULT_NOW, acme, asHelpdesk, asUser, describeEachDatabase, globex, sdkClient, sdkFailure, startKefu, type RunningKefu } from '../../../../../support/kefu.js';
import { userToken } from '../../../../../support/lifecycle.js';
import { assertBadFields, assertNotFound, refusesWhoMayNotWrite } from '../write-access.js';

const hd = acme.helpdesk.helpDeskId;
const faqIds = { password: '7200000000000000001', vpn: '7200000000000000002', invoice: '7200000000000000003', printer: '7200000000000000004' };
const passwords = { category_id: '7100000000000000002', id: '7100000000000000002', name: 'Passwords', parent_id: '7100000000000000001', helpdesk_id: hd, language: 'en_us' };
const owner = { id: acme.owner, avatar_url: `https://avatars.example/${acme.owner}.png`, name: 'Olivia Owner', department: 'Support', city: 'Beijing', country: 'CN' };

describeEachDatabase('FAQs', (dialect) => {
  let kefu: RunningKefu;
  let agentToken: string;
  before(async () => {
    kefu = await startKefu(dialect);
    agentToken = await userToken(kefu, acme.alice);
  });
  after(() => kefu.close());

  const api = () => sdkClient(kefu.baseUrl, acme.app).helpdesk.faq;
  const all = async (params: any = {}) => {
    const items: any[] = [];
    for await (const page of await api().listWithIterator({ params: { page_size: 100, ...params } }, asHelpdesk())) items.push(...(page?.items ?? []));
    return items;
  };
  const questions = async (params: any = {}) => (await all(params)).map((f) => f.question);

  test('get answers every field Feishu answers: times in seconds, categories, similar questions, people', async () => {
    const res = await api().get({ path: { id: faqIds.password } }, asHelpdesk());
    assert.deepEqual(res, {
      code: 0,
      msg: 'success',
      data: {
        faq: {
          faq_id: faqIds.password, id: faqIds.password, helpdesk_id: hd, question: 'How do I reset my password?',
          answer: 'Open Settings > Security and choose Reset password.', answer_richtext: [],
          create_time: Math.floor(DEFAULT_NOW / 1000), update_time: Math.floor(DEFAULT_NOW / 1000), categories: [passwords],
          tags: ['forgot password', 'password reset link'], expire_time: 0, create_user: owner, update_user: owner,
        },
      },
    });
    const invoice = (await api().get({ path: { id: faqIds.invoice } }, asHelpdesk())).data!.faq!;
    assert.equal(invoice.answer, '管理画面の「請求」から PDF をダウンロードできます。\nhttps://acme.example/billing', 'the plain answer is the rich text read as text');
    assert.deepEqual(invoice.answer_richtext!.map((r) => r.type), ['text', 'line break', 'hyperlink']);
    assertNotFound(await sdkFailure(api().get({ path: { id: faqIds.printer } }, asHelpdesk())));
    assertNotFound(await sdkFailure(api().get({ path: { id: '1' } }, asHelpdesk())));
  });

  test('list: online FAQs newest first with total; status "0" lists the deleted; category_id and search filter', async () => {
    const page = (await api().list({ params: { page_size: 10 } }, asHelpdesk())).data!;
    assert.deepEqual(page.items!.map((f) => f.faq_id), [faqIds.invoice, faqIds.vpn, faqIds.password]);
    assert.equal(page.total, 3);
    assert.equal(page.page_size, 3);
    assert.equal(page.has_more, false);
    assert.equal('page_token' in page, false, 'the last page carries no page_token (Go would start over on "")');
    assert.deepEqual(await questions({ status: '0' }), ['How do I set up the old printer?']);
    assert.deepEqual(await questions({ status: '2' }), []);
    assert.deepEqual(await questions({ category_id: '7100000000000000003' }), ['VPN 连接失败怎么办？']);
    assert.deepEqual(await questions({ search: 'vpn 连不上' }), ['VPN 连接失败怎么办？'], 'a similar question matches, case aside');
    assert.deepEqual(await questions({ search: 'ＰＡＳＳＷＯＲＤ' }), ['How do I reset my password?'], 'full-width letters are letters');
    assert.deepEqual(await questions({ search: '請求書' }), ['請求書はどこでダウンロードできますか？']);
    assertBadFields(await sdkFailure(api().list({ params: { status: '5' } }, asHelpdesk())), ['status']);
    assertBadFields(await sdkFailure(api().list({ params: { page_size: 101 } }, asHelpdesk())), ['page_size']);
    assertBadFields(await sdkFailure(api().list({ params: { page_token: 'nonsense' } }, asHelpdesk())), ['page_token']);
    assertNotFound(await sdkFailure(api().list({ params: { category_id: '404' } }, asHelpdesk())));
  });

  test('create as an agent: answer_richtext as a string of JSON; the answer is derived; listed first', async () => {
    kefu.clock.advance(5000);
    const richtext = [{ content: 'Restart the router.', type: 'text' }, { content: '', type: 'line break' }, { content: 'https://acme.example/wifi', type: 'hyperlink' }];
    const res = await api().create({ data: { faq: { question: 'The Wi-Fi keeps dropping', answer_richtext: JSON.stringify(richtext), tags: ['wifi unstable'], category_id: '7100000000000000003' } } }, asUser(agentToken));
    assert.equal(res.code, 0);
    const faq = res.data!.faq!;
    assert.match(faq.faq_id!, /^[0-9]{19}$/);
    assert.equal(faq.answer, 'Restart the router.\nhttps://acme.example/wifi');
    assert.deepEqual(faq.answer_richtext, richtext);
    assert.equal(faq.create_time, Math.floor(kefu.clock.now() / 1000));
    assert.equal(faq.create_user!.id, acme.alice);
    assert.deepEqual(faq.categories!.map((c) => c.name), ['网络']);
    assert.deepEqual((await api().get({ path: { id: faq.faq_id! } }, asHelpdesk())).data!.faq, faq);
    assert.equal((await all())[0].faq_id, faq.faq_id);
    // A real array is taken as well (apifox's curl sends one).
    const array = await api().create({ data: { faq: { question: 'Array answer', answer_richtext: [{ content: 'yes', type: 'text' }] as any } } }, asUser(acme.ownerToken));
    assert.equal(array.data!.faq!.answer, 'yes');
  });

  test('pages: the SDK iterator and hand-followed page_tokens see every FAQ once, and stop', async () => {
    for (let i = 0; i < 5; i++) await api().create({ data: { faq: { question: `Paged question ${i}`, answer: `answer ${i}` } } }, asUser(acme.ownerToken));
    const everything = (await all()).map((f) => f.faq_id);
    const seen: string[] = [];
    let page_token: string | undefined;
    let pages = 0;
    for (; pages < 20; pages++) {
      const page = (await api().list({ params: { page_size: 2, ...(page_token ? { page_token } : {}) } }, asHelpdesk())).data!;
      assert.equal(page.total, everything.length);
      seen.push(...page.items!.map((f) => f.faq_id!));
      if (!page.has_more) {
        assert.equal(page.page_token, undefined);
        break;
      }
      page_token = page.page_token;
    }
    assert.deepEqual(seen, everything);
    assert.equal(pages, Math.ceil(everything.length / 2) - 1);
    const iterated: string[] = [];
    for await (const page of await api().listWithIterator({ params: { page_size: 3 } }, asHelpdesk())) iterated.push(...page!.items!.map((f) => f.faq_id!));
    assert.deepEqual(iterated, everything);
  });

  test('search: ranked hits, plain or base64 (standard, URL-safe, unpadded), paged by its iterator', async () => {
    const search = async (params: any) => (await api().search({ params }, asHelpdesk())).data!;
    assert.deepEqual((await search({ query: 'forgot my password' })).items!.map((f) => f.faq_id), [faqIds.password]);
    const b64 = Buffer.from('VPN 连不上').toString('base64');
    assert.deepEqual((await search({ query: b64, base64: 'true' })).items!.map((f) => f.faq_id), [faqIds.vpn]);
    const urlSafe = Buffer.from('請求書の再発行').toString('base64url');
    assert.deepEqual((await search({ query: urlSafe, base64: 'TRUE' })).items!.map((f) => f.faq_id), [faqIds.invoice]);
    assert.deepEqual((await search({ query: 'printer' })).items, [], 'a deleted FAQ is not found');
    const paged: string[] = [];
    for await (const page of await api().searchWithIterator({ params: { query: 'paged question', page_size: 2 } }, asHelpdesk())) paged.push(...page!.items!.map((f) => f.question!));
    assert.equal(paged.length, 5);
    assert.equal(new Set(paged).size, 5);
    const first = await search({ query: 'paged question', page_size: 2 });
    assert.equal(first.has_more, true);
    assert.equal(typeof first.page_token, 'string');
    const last = await search({ query: 'paged question', page_size: 10 });
    assert.equal(last.has_more, false);
    assert.equal('page_token' in last, false);
    assertBadFields(await sdkFailure(api().search({ params: { query: '%%%', base64: 'true' } }, asHelpdesk())), ['query']);
    assertBadFields(await sdkFailure(api().search({ params: { query: Buffer.from([0xff, 0xfe]).toString('base64'), base64: 'true' } }, asHelpdesk())), ['query']);
    assertBadFields(await sdkFailure(api().search({ params: { query: '' } }, asHelpdesk())), ['query']);
    assertBadFields(await sdkFailure(api().search({ params: { query: '???' } }, asHelpdesk())), ['query']);
    assertBadFields(await sdkFailure(api().search({ params: { query: 'x', page_token: 'abc' } }, asHelpdesk())), ['page_token']);
  });

  test('patch: answer_richtext as a real array (Node) or a string (Go); absent fields stay; categories move', async () => {
    kefu.clock.advance(1000);
    const patch = (data: any) => api().patch({ path: { id: faqIds.vpn }, data: { faq: data } }, asUser(acme.adminToken));
    assert.deepEqual(await patch({ question: 'VPN 连接失败怎么办？', answer_richtext: [{ content: '重启客户端', type: 'text' }] }), { code: 0, msg: 'success', data: {} });
    let got = (await api().get({ path: { id: faqIds.vpn } }, asHelpdesk())).data!.faq!;
    assert.equal(got.answer, '重启客户端');
    assert.deepEqual(got.tags, ['VPN 连不上']);
    assert.equal(got.update_time, Math.floor(kefu.clock.now() / 1000));
    assert.equal(got.update_user!.id, acme.admin);
    assert.equal(got.create_time, Math.floor(DEFAULT_NOW / 1000));
    assert.equal((await patch({ answer_richtext: JSON.stringify([{ content: '换一个网络', type: 'text' }]), tags: ['VPN 断线'], category_id: '7100000000000000001' })).code, 0);
    got = (await api().get({ path: { id: faqIds.vpn } }, asHelpdesk())).data!.faq!;
    assert.equal(got.answer, '换一个网络');
    assert.deepEqual(got.categories!.map((c) => c.name), ['Accounts']);
    assert.deepEqual(await questions({ search: 'vpn 断线' }), ['VPN 连接失败怎么办？'], 'the list searches the new similar questions');
    assert.equal((await patch({ answer: 'plain only' })).code, 0);
    got = (await api().get({ path: { id: faqIds.vpn } }, asHelpdesk())).data!.faq!;
    assert.equal(got.answer, 'plain only');
    assert.deepEqual(got.answer_richtext, [{ content: '换一个网络', type: 'text' }]);
  });

  test('refused creates and patches name the field and write nothing', async () => {
    const before = await all();
    const create = (faq: any) => sdkFailure(api().create({ data: { faq } }, asUser(acme.ownerToken)));
    assertBadFields(await create({ answer: 'no question' }), ['faq.question']);
    assertBadFields(await create({ question: 'no answer' }), ['faq.answer']);
    assertBadFields(await create({ question: 'q', answer_richtext: 'not json' }), ['faq.answer_richtext']);
    assertBadFields(await create({ question: 'q', answer_richtext: '{"content":"x"}' }), ['faq.answer_richtext']);
    assertBadFields(await create({ question: 'q', answer_richtext: [{ content: 'x', type: 'video' }] }), ['faq.answer_richtext[0].type']);
    assertBadFields(await create({ question: 'q', answer_richtext: [{ content: 'img_v3_missing', type: 'img' }] }), ['faq.answer_richtext[0].content']);
    assertBadFields(await create({ question: 'q', answer: 'a', category_id: '7300000000000000001' }), ['faq.category_id']);
    assertBadFields(await create({ question: 'q', answer: 'a', tags: 'one' }), ['faq.tags']);
    const patch = (id: string, faq: any) => sdkFailure(api().patch({ path: { id }, data: { faq } }, asUser(acme.ownerToken)));
    assertBadFields(await patch(faqIds.password, { answer: '', answer_richtext: [] }), ['faq.answer']);
    assertBadFields(await patch(faqIds.password, { category_id: '999' }), ['faq.category_id']);
    assertNotFound(await patch(faqIds.printer, { answer: 'deleted FAQs are not patched' }));
    assertNotFound(await patch('5', { answer: 'x' }));
    assert.deepEqual(await all(), before);
  });

  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.faq.create({ data: { faq: { question: 'refused', answer: 'no' } } }, options), () => all());
  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.faq.patch({ path: { id: faqIds.password }, data: { faq: { question: 'refused' } } } as any, options), () => all());
  refusesWhoMayNotWrite(() => kefu, (c, options) => c.helpdesk.faq.delete({ path: { id: faqIds.password } }, options), () => all());

  test('images: the bytes of an image the answer shows; anything else a non-2xx envelope', async () => {
    const png = (await upload(kefu.baseUrl, acme.ownerToken, samples.png)).body.data.image_key as string;
    const gif = (await upload(kefu.baseUrl, acme.ownerToken, samples.gif)).body.data.image_key as string;
    const globexKey = (await upload(kefu.baseUrl, globex.ownerToken, samples.webp)).body.data.image_key as string;
    const faq = (await api().create({ data: { faq: { question: 'Where is the reset button?', answer_richtext: JSON.stringify([{ content: 'Here:', type: 'text' }, { content: png, type: 'img' }]) } } }, asUser(acme.ownerToken))).data!.faq!;
    assert.equal(faq.answer, 'Here:');
    const file = await api().faqImage({ path: { id: faq.faq_id!, image_key: png } }, asHelpdesk());
    assert.deepEqual(await bytesOf(file.getReadableStream()), samples.png);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.equal(file.headers['content-disposition'], `attachment; filename="${png}.png"`);
    const refused = async (id: string, image_key: string, client = sdkClient(kefu.baseUrl, acme.app)) => fileFailure(client.helpdesk.faq.faqImage({ path: { id, image_key } }, asHelpdesk()));
    const notShown = await refused(faq.faq_id!, gif);
    assert.deepEqual([notShown.status, notShown.body.code], [404, 154004]);
    const unknownFaq = await refused('1', png);
    assert.deepEqual([unknownFaq.status, unknownFaq.body.code], [404, 154004]);
    const otherHelpdesk = await refused(faq.faq_id!, png, sdkClient(kefu.baseUrl, globex.app, globex.helpdesk));
    assert.deepEqual([otherHelpdesk.status, otherHelpdesk.body.code], [404, 154004]);
    assertBadFields(await sdkFailure(api().create({ data: { faq: { question: 'q', answer_richtext: JSON.stringify([{ content: globexKey, type: 'img' }]) } } }, asUser(acme.ownerToken))), ['faq.answer_richtext[0].content']);
    // The image's bytes are gone (deleted from the store): Feishu's 401/154404.
    await kefu.app.kefu.store.database.db.deleteFrom('images').where('image_key', '=', png).execute();
    const gone = await refused(faq.faq_id!, png);
    assert.deepEqual([gone.status, gone.body.code], [401, 154404]);
  });

  test("another helpdesk's FAQs are unknown by id and never listed or found", async () => {
    const globexApi = sdkClient(kefu.baseUrl, globex.app, globex.helpdesk).helpdesk.faq;
    const globexFaq = '7300000000000000002';
    assert.deepEqual((await globexApi.list({}, asHelpdesk())).data!.items!.map((f) => f.faq_id), [globexFaq]);
    assertNotFound(await sdkFailure(api().get({ path: { id: globexFaq } }, asHelpdesk())));
    assertNotFound(await sdkFailure(api().patch({ path: { id: globexFaq }, data: { faq: { answer: 'taken' } } } as any, asUser(acme.ownerToken))));
    assertNotFound(await sdkFailure(api().delete({ path: { id: globexFaq } }, asUser(acme.ownerToken))));
    assertNotFound(await sdkFailure(globexApi.get({ path: { id: faqIds.password } }, asHelpdesk())));
    assert.equal((await api().search({ params: { query: 'vault' } }, asHelpdesk())).data!.items!.length, 0);
    assert.deepEqual((await globexApi.search({ params: { query: 'reset password' } }, asHelpdesk())).data!.items!.map((f) => f.faq_id), [globexFaq]);
    assert.equal((await globexApi.get({ path: { id: globexFaq } }, asHelpdesk())).data!.faq!.answer, 'Ask the Globex owner.');
  });

  test('delete: a soft delete; the FAQ leaves the list for status "0" and its id is unknown afterwards', async () => {
    assert.deepEqual(await api().delete({ path: { id: faqIds.password } }, asUser(agentToken)), { code: 0, msg: 'success', data: {} });
    assertNotFound(await sdkFailure(api().get({ path: { id: faqIds.password } }, asHelpdesk())));
    assertNotFound(await sdkFailure(api().delete({ path: { id: faqIds.password } }, asUser(acme.ownerToken))));
    assert.equal((await questions()).includes('How do I reset my password?'), false);
    assert.ok((await questions({ status: '0' })).includes('How do I reset my password?'));
    const found = (await api().search({ params: { query: 'reset password' } }, asHelpdesk())).data!.items!.map((f) => f.faq_id);
    assert.equal(found.includes(faqIds.password), false);
  });
});
