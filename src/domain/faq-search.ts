// FAQ search (docs/knowledge-base.md#how-search-ranks): one pure ranking over a helpdesk's FAQs, shared by GET
// faqs/search and the bot that answers guests. Chinese and Japanese have no spaces between words, so their text is
// cut into overlapping two-character pieces (bigrams), which match whatever the words are; Latin, Cyrillic, Greek
// and Hangul text is cut into words. Both sides are normalised alike first.

/** What a FAQ offers to search: the question, the similar questions (Feishu's `tags`) and the plain answer. */
export interface SearchableFaq {
  faq_id: string;
  question: string;
  tags: readonly string[];
  answer: string;
  /** Milliseconds; a newer FAQ wins a tie. */
  updated_at: number;
}

export interface FaqHit {
  faq_id: string;
  /** Higher is better; comparable only within one query. */
  score: number;
  /** The share (0-1) of the query's weight that the FAQ contains. */
  coverage: number;
}

/** How much a term found in each part counts: the question most, a similar question nearly as much, the answer least. */
export const FIELD_WEIGHTS = { question: 3, tags: 2.5, answer: 1 } as const;
/** A FAQ whose question or a similar question contains the whole query (spaces aside) gets this factor. */
export const PHRASE_BONUS = 1.5;
/** Below this coverage a FAQ is not a hit: it shares only a minor part of the query. */
export const MIN_SEARCH_COVERAGE = 0.3;
/** The bot answers only with FAQs that hold most of the question's weight (docs/knowledge-base.md#the-bot). */
export const MIN_BOT_COVERAGE = 0.6;

/**
 * Unicode compatibility form (full-width ＶＰＮ is VPN, half-width ｶﾀｶﾅ is カタカナ, ① is 1) and lower case
 * (String.prototype.toLowerCase, the folding the ticket list's guest_name uses: É is é, Σ is σ).
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

// Scripts written without spaces: Han (with the iteration mark 々), Hiragana and Katakana (with the prolonged sound
// mark ー). A change of script inside such text is taken as a word boundary (Japanese writes particles and
// inflections in hiragana between kanji and katakana words), so no bigram straddles one.
const HAN = /[\p{Script=Han}々]/u;
const HIRAGANA = /\p{Script=Hiragana}/u;
const KATAKANA = /[\p{Script=Katakana}ー]/u;

function cjkScript(ch: string): 'han' | 'hiragana' | 'katakana' | undefined {
  if (HAN.test(ch)) return 'han';
  if (ch === 'ー' || KATAKANA.test(ch)) return 'katakana';
  if (HIRAGANA.test(ch)) return 'hiragana';
  return undefined;
}

/**
 * Chinese function words, read as separators like spaces: "报销单怎么取消" is 报销单 | 取消, so that no bigram
 * (单怎, 么取) joins a content word to a question word and outweighs the words that matter.
 */
export const CHINESE_FUNCTION_WORDS = ['为什么', '怎么样', '怎么办', '怎么', '怎样', '如何', '什么', '哪里', '哪儿', '是否', '能否', '可以', '请问', '一下', '吗', '呢', '吧', '啊'];
const FUNCTION_WORD = new RegExp(CHINESE_FUNCTION_WORDS.join('|'), 'gu');

// One pass of the regex engine cuts a text into runs of one CJK script and words of the other scripts.
// (The `v` flag's set difference, built at run time: TypeScript's target predates it.)
const RUNS = new RegExp('[\\p{Script=Han}々]+|\\p{Script=Hiragana}+|[\\p{Script=Katakana}ー]+|[[\\p{L}\\p{N}\\p{M}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}々ー]]+', 'gv');

/**
 * The search terms of a text: words of spaced scripts, and bigrams (a lone character as itself) of each run of one
 * CJK script. `unigrams` adds each CJK character on its own too: FAQs are indexed with them, so that a
 * one-character query (税, 鍵) finds the FAQs that hold that character anywhere.
 */
export function searchTerms(text: string, unigrams = false): string[] {
  const terms: string[] = [];
  for (const [run] of normalizeText(text).matchAll(RUNS)) {
    const script = cjkScript(run[0]);
    if (script === undefined) {
      terms.push(run);
      continue;
    }
    for (const piece of (script === 'han' ? run.replace(FUNCTION_WORD, ' ') : run).split(' ')) {
      const chars = [...piece];
      if (chars.length === 1 || unigrams) terms.push(...chars);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    }
  }
  return terms;
}

/** The text with every separator dropped: how a whole query is looked for inside a question. */
function compact(text: string): string {
  return searchTerms(text).join('\u0000');
}

/** A FAQ cut into terms once; search ranks these (the service keeps them while the FAQ is unchanged). */
export interface IndexedFaq {
  faq: SearchableFaq;
  question: Set<string>;
  tags: Set<string>;
  answer: Set<string>;
  phrases: string[];
  /** Each part's words joined, each after a \u0001: "does a word begin with x" is one substring search. */
  words: { question: string; tags: string; answer: string };
}

const joinWords = (terms: Iterable<string>) => {
  let joined = '';
  for (const t of terms) if (cjkScript(t[0]) === undefined) joined += `\u0001${t}`;
  return joined;
};

export function indexFaq(faq: SearchableFaq): IndexedFaq {
  const question = new Set(searchTerms(faq.question, true));
  const tags = new Set(faq.tags.flatMap((t) => searchTerms(t, true)));
  const answer = new Set(searchTerms(faq.answer, true));
  return { faq, question, tags, answer, phrases: [faq.question, ...faq.tags].map(compact), words: { question: joinWords(question), tags: joinWords(tags), answer: joinWords(answer) } };
}

/**
 * The FAQs that match the query, best first. Each distinct query term weighs its inverse document frequency over
 * these FAQs (a term few FAQs hold says more than one most hold); a FAQ scores, per term, that weight times the
 * heaviest part it appears in (FIELD_WEIGHTS). A Latin query word of three letters or more also matches, at half
 * weight, a longer word it begins ("pass" finds "password"). The score is multiplied by the coverage (so a FAQ
 * holding the whole question beats one repeating part of it) and by PHRASE_BONUS when the question or a similar
 * question contains the whole query. Hits need `minCoverage`; ties go to the newer FAQ, then the larger faq_id.
 */
export function rankFaqs(query: string, faqs: readonly SearchableFaq[], minCoverage = MIN_SEARCH_COVERAGE): FaqHit[] {
  return rankIndexed(query, faqs.map(indexFaq), minCoverage);
}

/** rankFaqs over FAQs indexed beforehand. */
export function rankIndexed(query: string, indexed: readonly IndexedFaq[], minCoverage = MIN_SEARCH_COVERAGE): FaqHit[] {
  const terms = [...new Set(searchTerms(query))];
  if (terms.length === 0 || indexed.length === 0) return [];
  const holds = (f: IndexedFaq, term: string): number => {
    if (f.question.has(term)) return FIELD_WEIGHTS.question;
    if (f.tags.has(term)) return FIELD_WEIGHTS.tags;
    if (f.answer.has(term)) return FIELD_WEIGHTS.answer;
    return 0;
  };
  // Called only for a term no part holds as a whole word, so a word it begins is a longer one.
  const prefixHolds = (f: IndexedFaq, term: string): number => {
    if (term.length < 3 || cjkScript(term[0]) !== undefined) return 0;
    const start = `\u0001${term}`;
    if (f.words.question.includes(start)) return FIELD_WEIGHTS.question / 2;
    if (f.words.tags.includes(start)) return FIELD_WEIGHTS.tags / 2;
    if (f.words.answer.includes(start)) return FIELD_WEIGHTS.answer / 2;
    return 0;
  };
  const weights = terms.map((term) => {
    const df = indexed.filter((f) => holds(f, term) > 0).length;
    return Math.log(1 + (indexed.length + 1) / (df + 0.5));
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const phrase = compact(query);

  const hits: (FaqHit & { updated_at: number })[] = [];
  for (const f of indexed) {
    let score = 0;
    let covered = 0;
    terms.forEach((term, i) => {
      const field = holds(f, term) || prefixHolds(f, term);
      if (field === 0) return;
      score += weights[i] * field;
      covered += weights[i] * (field >= FIELD_WEIGHTS.answer ? 1 : 0.5);
    });
    const coverage = covered / totalWeight;
    if (score === 0 || coverage < minCoverage) continue;
    const bonus = phrase !== '' && f.phrases.some((p) => p.includes(phrase)) ? PHRASE_BONUS : 1;
    hits.push({ faq_id: f.faq.faq_id, score: score * coverage * bonus, coverage, updated_at: f.faq.updated_at });
  }
  hits.sort((a, b) => b.score - a.score || b.updated_at - a.updated_at || (a.faq_id < b.faq_id ? 1 : a.faq_id > b.faq_id ? -1 : 0));
  return hits.map(({ faq_id, score, coverage }) => ({ faq_id, score, coverage }));
}

/** What GET /faqs's `search` keyword is matched against: the normalised question and similar questions, one a line. */
export function keywordText(question: string, tags: readonly string[]): string {
  return [question, ...tags].map(normalizeText).join('\n');
}

/**
 * GET faqs/search's query: verbatim, or base64 when `base64` is "true" (any case). Standard and URL-safe alphabets,
 * padded or not, are taken (a '+' that arrived unescaped reads as a space and is taken back); the bytes must be UTF-8.
 */
export function decodeSearchQuery(query: string, base64: string | undefined): { ok: true; text: string } | { ok: false; description: string } {
  const text = base64 !== undefined && base64.toLowerCase() === 'true' ? fromBase64(query) : query;
  if (text === undefined) return { ok: false, description: 'is not base64 of UTF-8 text (base64=true)' };
  if (searchTerms(text).length === 0) return { ok: false, description: 'holds no letter or digit to search for' };
  return { ok: true, text };
}

function fromBase64(value: string): string | undefined {
  const standard = value.trim().replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(standard) || standard.length % 4 === 1) return undefined;
  const bytes = Buffer.from(standard, 'base64');
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(bytes);
  } catch {
    return undefined;
  }
}
