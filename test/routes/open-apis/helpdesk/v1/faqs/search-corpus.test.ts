// GET faqs/search over 300 FAQs in English, Chinese and Japanese (test/fixtures/faq-corpus, generated), through the
// official SDK: the best hit of each query below was chosen by reading the corpus, not by running the search.
// Ids read 9 <language 0 en, 1 zh, 2 ja> <product 00-09> <kind 00-09>; products: vpn, email, printer, laptop, wifi,
// payroll, expense, calendar, badge, phone; kinds: reset, connect, install, slow, request, cancel, settings, error,
// share, backup.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { acme, asHelpdesk, describeEachDatabase, exampleFixture, sdkClient, startKefu, type RunningKefu } from '../../../../../support/kefu.js';

const corpus = JSON.parse(readFileSync(new URL('../../../../../fixtures/faq-corpus/faqs.json', import.meta.url), 'utf8'));

function corpusFixture() {
  const fixture = structuredClone(exampleFixture);
  fixture.tenants[0].helpdesks![0].faqs = corpus;
  return fixture;
}

const bestHits: [query: string, faq_id: string, why: string][] = [
  ['forgot my printer password', '900200', 'English similar question "forgot printer password"'],
  ["the vpn won't connect", '900001', 'English "I cannot connect to VPN", case aside'],
  ['payroll is slow', '900503', 'English, two words of the question'],
  ['laptop error E42', '900307', 'thirty FAQs hold E42; one of them is about the laptop, in English'],
  ['back up calendar', '900709', 'English, a phrasal verb'],
  ['share email access with colleague', '900108', 'English, most of the question'],
  ['打印机密码忘了', '910200', 'Chinese, no spaces, words in another order than the FAQ'],
  ['无线网络连不上', '910401', 'Chinese similar question'],
  ['报销单怎么取消', '910605', 'Chinese, product and action'],
  ['日历 设置', '910706', 'Chinese, two words with a space'],
  ['手机卡顿', '910903', 'Chinese similar question only'],
  ['プリンターに接続できない', '920201', 'Japanese, a verb form the FAQ does not use'],
  ['社員証を再発行したい', '920804', 'Japanese similar question "社員証の再発行"'],
  ['ＶＰＮ　パスワード　リセット', '920000', 'full-width Latin and ideographic spaces, Japanese'],
  ['メール バックアップ', '920109', 'Japanese katakana words'],
];

describeEachDatabase('FAQ search over 300 FAQs in three languages', (dialect) => {
  let kefu: RunningKefu;
  before(async () => (kefu = await startKefu(dialect, { fixture: corpusFixture() })));
  after(() => kefu.close());

  const search = async (query: string, page_size = 20) =>
    (await sdkClient(kefu.baseUrl, acme.app).helpdesk.faq.search({ params: { query, page_size } }, asHelpdesk())).data!.items!.map((f) => f.faq_id!);

  test('the corpus is loaded: 300 online FAQs', async () => {
    assert.equal((await sdkClient(kefu.baseUrl, acme.app).helpdesk.faq.list({ params: { page_size: 1 } }, asHelpdesk())).data!.total, 300);
  });

  for (const [query, faq_id, why] of bestHits) {
    test(`"${query}" finds ${faq_id} first (${why})`, async () => {
      const hits = await search(query);
      assert.equal(hits[0], faq_id, `${query}: ${hits.slice(0, 5).join(', ')}`);
    });
  }

  test('"how to install" ranks the ten English install questions first', async () => {
    const expected = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09'].map((p) => `90${p}02`);
    assert.deepEqual(new Set((await search('how to install')).slice(0, 10)), new Set(expected));
  });

  test('"email" ranks the ten FAQs whose question names email above those that mention it in the answer', async () => {
    const hits = await search('email', 100);
    assert.deepEqual(new Set(hits.slice(0, 10)), new Set(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09'].map((k) => `9001${k}`)));
    // The reset and backup answers of other products say "email" too: found, after.
    assert.ok(hits.includes('900200') && hits.indexOf('900200') >= 10);
  });

  test('a query about nothing in the corpus finds nothing', async () => {
    assert.deepEqual(await search('quantum chromodynamics'), []);
    assert.deepEqual(await search('量子色力学'), []);
  });
});
