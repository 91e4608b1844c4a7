import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSearchQuery, keywordText, normalizeText, rankFaqs, searchTerms, type SearchableFaq } from '../../src/domain/faq-search.js';

const faq = (faq_id: string, question: string, tags: string[] = [], answer = '', updated_at = 0): SearchableFaq => ({ faq_id, question, tags, answer, updated_at });

test('normalisation: full-width and half-width forms, case across scripts', () => {
  assert.equal(normalizeText('ＶＰＮ　Ｗｉ－Ｆｉ'), 'vpn wi-fi');
  assert.equal(normalizeText('ｶﾀｶﾅ'), 'カタカナ');
  assert.equal(normalizeText('ÉMILIE ΣΟΦΊΑ'), 'émilie σοφία');
});

test('terms: words for spaced scripts; bigrams per run of one CJK script; Chinese function words split runs', () => {
  assert.deepEqual(searchTerms('Reset the VPN, please!'), ['reset', 'the', 'vpn', 'please']);
  assert.deepEqual(searchTerms('重置密码'), ['重置', '置密', '密码']);
  assert.deepEqual(searchTerms('报销单怎么取消'), ['报销', '销单', '取消']);
  assert.deepEqual(searchTerms('社員証を再発行'), ['社員', '員証', 'を', '再発', '発行']);
  assert.deepEqual(searchTerms('パスワード'), ['パス', 'スワ', 'ワー', 'ード']);
  assert.deepEqual(searchTerms('税'), ['税']);
  assert.deepEqual(searchTerms('密码', true), ['密', '码', '密码']);
  assert.deepEqual(searchTerms('VPN连接'), ['vpn', '连接']);
  assert.deepEqual(searchTerms('?!… '), []);
});

test('ranking: the question outweighs a similar question, which outweighs the answer', () => {
  const faqs = [faq('1', 'Other', [], 'printer'), faq('2', 'Other', ['printer']), faq('3', 'printer')];
  assert.deepEqual(rankFaqs('printer', faqs).map((h) => h.faq_id), ['3', '2', '1']);
});

test('ranking: a FAQ holding the whole question beats one holding a rare part of it; the whole phrase gets a bonus', () => {
  const faqs = [faq('1', 'reset password'), faq('2', 'password expired'), faq('3', 'password reset steps'), faq('4', 'unrelated')];
  const hits = rankFaqs('reset password', faqs);
  assert.deepEqual(hits.map((h) => h.faq_id), ['1', '3', '2']);
  assert.equal(hits[0].coverage, 1);
  assert.ok(hits[2].coverage < 1);
});

test('ranking: ties go to the newer FAQ, then the larger id; nothing below the coverage asked for', () => {
  const faqs = [faq('1', 'same words', [], '', 5), faq('2', 'same words', [], '', 9), faq('3', 'same words', [], '', 9)];
  assert.deepEqual(rankFaqs('same words', faqs).map((h) => h.faq_id), ['3', '2', '1']);
  assert.deepEqual(rankFaqs('same nothing else entirely', faqs, 0.9), []);
  assert.deepEqual(rankFaqs('', faqs), []);
});

test('ranking: a Latin word of three letters or more also finds longer words it begins, at half weight', () => {
  const hits = rankFaqs('pass', [faq('1', 'password help'), faq('2', 'pass the salt'), faq('3', 'pa')]);
  assert.deepEqual(hits.map((h) => h.faq_id), ['2', '1']);
  assert.deepEqual(rankFaqs('pa', [faq('1', 'password')]), []);
});

test('the list keyword text: normalised question and similar questions', () => {
  assert.equal(keywordText('ＶＰＮ Down', ['Ｎo Net']), 'vpn down\nno net');
});

test('base64 queries: standard, URL-safe, unpadded, a + that arrived as a space; refusals', () => {
  const text = '工单 wifi?';
  for (const encoded of [Buffer.from(text).toString('base64'), Buffer.from(text).toString('base64url'), Buffer.from(text).toString('base64').replace(/=+$/, '')]) {
    assert.deepEqual(decodeSearchQuery(encoded, 'true'), { ok: true, text });
  }
  const plus = Buffer.from('>>>?').toString('base64');
  assert.ok(plus.includes('+'));
  assert.deepEqual(decodeSearchQuery(plus.replace('+', ' '), 'TRUE').ok, false, '">>>?" holds nothing to search');
  assert.deepEqual(decodeSearchQuery(Buffer.from('a>>>').toString('base64').replace('+', ' '), 'true'), { ok: true, text: 'a>>>' });
  assert.deepEqual(decodeSearchQuery('5bel5Y2V', undefined), { ok: true, text: '5bel5Y2V' }, 'without base64=true the query is verbatim');
  assert.deepEqual(decodeSearchQuery('5bel5Y2V', '5bel5Y2V'), { ok: true, text: '5bel5Y2V' });
  assert.equal(decodeSearchQuery('%%%', 'true').ok, false);
  assert.equal(decodeSearchQuery(Buffer.from([0xff, 0xfe, 0x41]).toString('base64'), 'true').ok, false);
});
