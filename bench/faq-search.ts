// How long FAQ search takes as a knowledge base grows: rankFaqs and rankIndexed over N FAQs in three languages (the corpus of
// test/fixtures/faq-corpus repeated with a number in each question), a few queries each. The endpoint adds one
// indexed read of the helpdesk's online FAQs to this. Run: node bin/run-ts.js bench/faq-search.ts
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { indexFaq, rankFaqs, rankIndexed, type SearchableFaq } from '../src/domain/faq-search.js';

const corpus = JSON.parse(readFileSync(new URL('../test/fixtures/faq-corpus/faqs.json', import.meta.url), 'utf8')) as { id: string; question: string; answer: string; tags: string[] }[];
const queries = ['forgot my printer password', '打印机密码忘了', 'プリンターに接続できない', 'how to install', 'laptop error E42'];

function faqs(n: number): SearchableFaq[] {
  return Array.from({ length: n }, (_, i) => {
    const f = corpus[i % corpus.length];
    const copy = Math.floor(i / corpus.length);
    return { faq_id: String(i), question: copy === 0 ? f.question : `${f.question} ${copy}`, tags: f.tags, answer: f.answer, updated_at: i };
  });
}

for (const n of [300, 3000, 10000]) {
  const set = faqs(n);
  rankFaqs(queries[0], set);
  const rounds = n >= 10000 ? 3 : 10;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const q of queries) rankFaqs(q, set);
  const ms = (performance.now() - start) / (rounds * queries.length);
  // What the service does: the FAQs are cut into terms once and kept; a search only ranks.
  const indexed = set.map(indexFaq);
  const warm = performance.now();
  for (let r = 0; r < rounds; r++) for (const q of queries) rankIndexed(q, indexed);
  const warmMs = (performance.now() - warm) / (rounds * queries.length);
  console.log(`${n} FAQs: ${ms.toFixed(1)} ms per search cutting every FAQ, ${warmMs.toFixed(1)} ms with the FAQs already cut`);
}
