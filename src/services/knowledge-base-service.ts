// The knowledge base through the Open API (docs/knowledge-base.md): FAQ categories and FAQs. Reads take any token
// of the helpdesk; writes act for a person who serves the helpdesk (an agent who is not removed, an admin or the
// owner), as Feishu's pages say. Every write is one transaction.
import { decodeSearchQuery, indexFaq, keywordText, normalizeText, rankIndexed, type IndexedFaq } from '../domain/faq-search.js';
import { DEFAULT_CATEGORY_LANGUAGE, categoryTree, depthOf, heightOf, isWithin, plainTextOf, readRichtext, richtextImageKeys, type Richtext } from '../domain/knowledge-base.js';
import { extensionOf } from '../domain/images.js';
import type { Clock } from '../platform/clock.js';
import type { Caller } from '../platform/credentials.js';
import { ApiError, badField, errors } from '../platform/errors.js';
import { snowflakeId } from '../platform/ids.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { CategoryRow, FaqChanges, FaqRow } from '../repositories/knowledge-base-repository.js';
import {
  MAX_CATEGORY_DEPTH,
  type CategoryNode,
  type CategoryView,
  type CreateCategoryBody,
  type CreateFaqBody,
  type FaqInput,
  type FaqUser,
  type FaqView,
  type ListCategoriesQuery,
  type ListFaqsQuery,
  type PatchCategoryBody,
  type SearchFaqsQuery,
} from '../schemas/knowledge-base.js';
import type { ImageFile } from './images-service.js';
import { assertServes } from './lifecycle-service.js';
import type { Store } from './store.js';
import { writeInTurn } from './write-turns.js';

const FAQ_STATUSES: Record<string, number> = { '1': 1, '0': 0, '2': 2 };

export class KnowledgeBaseService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** GET categories: roots with their children nested; `lang` keeps one language; order_by 1 sorts by update time. */
  async listCategories(helpdesk: Helpdesk, query: ListCategoriesQuery): Promise<{ categories: CategoryNode[] }> {
    let rows = await this.store.repos.knowledgeBase.categories(helpdesk.helpdesk_id);
    if (query.lang !== undefined && query.lang !== '') rows = rows.filter((c) => c.language === query.lang);
    if (query.order_by === 1) {
      const sign = query.asc === true ? 1 : -1;
      rows = [...rows].sort((a, b) => sign * (a.updated_at - b.updated_at) || (a.category_id < b.category_id ? -1 : 1));
    }
    return { categories: categoryTree(rows.map(categoryView)) as CategoryNode[] };
  }

  async getCategory(helpdesk: Helpdesk, category_id: string): Promise<CategoryView> {
    const row = await this.store.repos.knowledgeBase.findCategory(helpdesk.helpdesk_id, category_id);
    if (!row) throw categoryNotFound(category_id);
    return categoryView(row);
  }

  /**
   * POST categories: under parent_id ('0' for a root), at most MAX_CATEGORY_DEPTH deep. A child is in its parent's
   * language (one given that differs is refused); a root without one is in DEFAULT_CATEGORY_LANGUAGE.
   */
  async createCategory(helpdesk: Helpdesk, caller: Caller, input: CreateCategoryBody): Promise<{ category: CategoryView }> {
    const now = this.clock.now();
    const category_id = snowflakeId(now);
    return writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      let language = input.language ?? DEFAULT_CATEGORY_LANGUAGE;
      if (input.parent_id !== '0') {
        const all = await repos.knowledgeBase.categories(helpdesk.helpdesk_id);
        const parent = all.find((c) => c.category_id === input.parent_id);
        if (!parent) throw badField('parent_id', 'no category of this helpdesk has this id (0 makes a root)', input.parent_id);
        if (depthOf(parent.category_id, byId(all)) + 1 > MAX_CATEGORY_DEPTH) throw tooDeep('parent_id', input.parent_id);
        if (input.language !== undefined && input.language !== parent.language) {
          throw badField('language', `a category is in its parent's language (${parent.language})`, input.language);
        }
        language = parent.language;
      }
      const row: CategoryRow = { category_id, helpdesk_id: helpdesk.helpdesk_id, name: input.name, parent_id: input.parent_id, language, created_at: now, updated_at: now };
      await repos.knowledgeBase.insertCategory(row);
      return { category: categoryView(row) };
    });
  }

  /** PATCH categories/:id: a new name, or a new parent (not itself nor below itself, the tree no deeper than allowed). */
  async patchCategory(helpdesk: Helpdesk, caller: Caller, category_id: string, input: PatchCategoryBody): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      const all = await repos.knowledgeBase.categories(helpdesk.helpdesk_id);
      const row = all.find((c) => c.category_id === category_id);
      if (!row) throw categoryNotFound(category_id);
      const parent_id = input.parent_id;
      if (parent_id !== undefined && parent_id !== '0' && parent_id !== row.parent_id) {
        const links = byId(all);
        const parent = links.get(parent_id);
        if (!parent) throw badField('parent_id', 'no category of this helpdesk has this id (0 makes a root)', parent_id);
        if (isWithin(parent_id, category_id, links)) throw badField('parent_id', 'is the category itself or one of its descendants', parent_id);
        if (depthOf(parent_id, links) + heightOf(category_id, all) > MAX_CATEGORY_DEPTH) throw tooDeep('parent_id', parent_id);
        if (parent.language !== row.language) throw badField('parent_id', `the parent is in ${parent.language}, this category in ${row.language}`, parent_id);
      }
      await repos.knowledgeBase.updateCategory(category_id, { name: input.name, parent_id, updated_at: this.clock.now() });
    });
  }

  /** DELETE categories/:id: refused while it has children; FAQs filed under it stay, without it. */
  async deleteCategory(helpdesk: Helpdesk, caller: Caller, category_id: string): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      const all = await repos.knowledgeBase.categories(helpdesk.helpdesk_id);
      if (!all.some((c) => c.category_id === category_id)) throw categoryNotFound(category_id);
      if (all.some((c) => c.parent_id === category_id)) throw badField('id', 'the category has sub-categories: delete or move them first', category_id);
      await repos.knowledgeBase.deleteCategory(category_id);
    });
  }

  /** GET faqs: newest first; page_token names the last FAQ of the previous page, absent on the last page. */
  async listFaqs(helpdesk: Helpdesk, query: ListFaqsQuery) {
    const repos = this.store.repos;
    const status = query.status === undefined || query.status === '' ? 1 : FAQ_STATUSES[query.status];
    if (status === undefined) throw badField('status', 'must be "1" (online), "0" (deleted, recoverable) or "2" (deleted for good)', query.status);
    const category_id = nonEmpty(query.category_id);
    if (category_id !== undefined && !(await repos.knowledgeBase.findCategory(helpdesk.helpdesk_id, category_id))) throw categoryNotFound(category_id, 'category_id');
    const keyword = nonEmpty(query.search);
    const filter = { helpdesk_id: helpdesk.helpdesk_id, status, category_id, keyword: keyword === undefined ? undefined : normalizeText(keyword) };
    const [rows, total] = await Promise.all([repos.knowledgeBase.pageFaqs(filter, listPosition(query.page_token), query.page_size + 1), repos.knowledgeBase.countFaqs(filter)]);
    const has_more = rows.length > query.page_size;
    const items = await faqViews(repos, helpdesk, rows.slice(0, query.page_size));
    const last = rows[items.length - 1];
    return { has_more, ...(has_more ? { page_token: `${last.created_at}_${last.faq_id}` } : {}), page_size: items.length, total, items };
  }

  /** GET faqs/search: the online, unexpired FAQs ranked by rankFaqs; page_token is how many came before. */
  async searchFaqs(helpdesk: Helpdesk, query: SearchFaqsQuery) {
    const decoded = decodeSearchQuery(query.query, query.base64);
    if (!decoded.ok) throw badField('query', decoded.description, query.query);
    const offset = pageOffset(query.page_token);
    const repos = this.store.repos;
    const faqs = await liveFaqs(repos, helpdesk.helpdesk_id, this.clock.now());
    const hits = rankIndexed(decoded.text, indexedFaqs(faqs));
    const page = hits.slice(offset, offset + query.page_size);
    const byIdRow = new Map(faqs.map((f) => [f.faq_id, f]));
    const items = await faqViews(repos, helpdesk, page.map((h) => byIdRow.get(h.faq_id)!));
    const has_more = offset + query.page_size < hits.length;
    return { has_more, ...(has_more ? { page_token: String(offset + query.page_size) } : {}), items };
  }

  async getFaq(helpdesk: Helpdesk, faq_id: string): Promise<{ faq: FaqView }> {
    const repos = this.store.repos;
    return { faq: (await faqViews(repos, helpdesk, [await onlineFaq(repos, helpdesk, faq_id)]))[0] };
  }

  /** POST faqs: a question and an answer (plain, rich text, or both; the plain one is derived when absent). */
  async createFaq(helpdesk: Helpdesk, caller: Caller, input: CreateFaqBody['faq']): Promise<{ faq: FaqView }> {
    const now = this.clock.now();
    const faq_id = snowflakeId(now);
    return writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      const richtext = await readAnswer(repos, helpdesk, input);
      const answer = input.answer ?? plainTextOf(richtext ?? []);
      if (answer === '' && (richtext ?? []).length === 0) throw badField('faq.answer', 'a FAQ needs an answer or an answer_richtext');
      const categories = await categoryOf(repos, helpdesk, input.category_id);
      const tags = input.tags ?? [];
      const row: FaqRow = {
        faq_id, helpdesk_id: helpdesk.helpdesk_id, question: input.question, answer, answer_richtext: JSON.stringify(richtext ?? []),
        tags: JSON.stringify(tags), search_text: keywordText(input.question, tags), status: 1, created_at: now, updated_at: now,
        expire_time: input.expire_time ?? 0, created_by: caller.open_id, updated_by: caller.open_id,
      };
      await repos.knowledgeBase.insertFaq(row);
      await repos.knowledgeBase.setFaqCategories(faq_id, categories);
      return { faq: (await faqViews(repos, helpdesk, [row]))[0] };
    });
  }

  /** PATCH faqs/:id: the fields given replace the stored ones; category_id "" unfiles it. */
  async patchFaq(helpdesk: Helpdesk, caller: Caller, faq_id: string, input: FaqInput): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      const row = await onlineFaq(repos, helpdesk, faq_id);
      const changes: FaqChanges = { updated_at: this.clock.now(), updated_by: caller.open_id };
      const richtext = await readAnswer(repos, helpdesk, input);
      if (richtext !== undefined) changes.answer_richtext = JSON.stringify(richtext);
      if (input.answer !== undefined) changes.answer = input.answer;
      else if (richtext !== undefined) changes.answer = plainTextOf(richtext);
      const answerAfter = changes.answer ?? row.answer;
      const richtextAfter = richtext ?? (JSON.parse(row.answer_richtext) as Richtext[]);
      if (answerAfter === '' && richtextAfter.length === 0) throw badField('faq.answer', 'a FAQ needs an answer or an answer_richtext');
      if (input.question !== undefined) changes.question = input.question;
      if (input.tags !== undefined) changes.tags = JSON.stringify(input.tags);
      if (input.expire_time !== undefined) changes.expire_time = input.expire_time;
      if (input.question !== undefined || input.tags !== undefined) changes.search_text = keywordText(changes.question ?? row.question, input.tags ?? (JSON.parse(row.tags) as string[]));
      if (input.category_id !== undefined) await repos.knowledgeBase.setFaqCategories(faq_id, await categoryOf(repos, helpdesk, input.category_id));
      await repos.knowledgeBase.updateFaq(faq_id, changes);
    });
  }

  /** DELETE faqs/:id: the FAQ moves to status 0 (deleted, recoverable: GET faqs?status=0 lists it); its id is then unknown. */
  async deleteFaq(helpdesk: Helpdesk, caller: Caller, faq_id: string): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      await assertServes(repos, helpdesk, caller);
      await onlineFaq(repos, helpdesk, faq_id);
      await repos.knowledgeBase.updateFaq(faq_id, { status: 0, updated_at: this.clock.now(), updated_by: caller.open_id });
    });
  }

  /**
   * GET faqs/:id/image/:image_key: an image the FAQ's rich-text answer shows. An unknown FAQ, or a key the FAQ does
   * not show, is 404/154004; a key whose image is no longer kept, 401/154404 (as GET ticket_images).
   */
  async faqImage(helpdesk: Helpdesk, faq_id: string, image_key: string): Promise<ImageFile> {
    const repos = this.store.repos;
    const faq = await onlineFaq(repos, helpdesk, faq_id);
    if (!richtextImageKeys(JSON.parse(faq.answer_richtext) as Richtext[]).includes(image_key)) {
      throw new ApiError(errors.resourceNotFound, { detail: `FAQ ${faq_id} shows no image ${image_key}` });
    }
    const image = await repos.images.find(helpdesk.tenant_key, image_key);
    if (!image) throw new ApiError(errors.imageDeleted);
    return { bytes: Buffer.from(image.bytes), content_type: image.content_type, filename: `${image.image_key}.${extensionOf(image.content_type)}` };
  }
}

/** FAQs in Feishu's shape, with their categories and people. */
export async function faqViews(repos: Repositories, helpdesk: Helpdesk, rows: readonly FaqRow[]): Promise<FaqView[]> {
  const ids = rows.flatMap((r) => [r.created_by, r.updated_by]).filter((id): id is string => id !== null);
  const [users, categories] = await Promise.all([repos.identities.findUsers(helpdesk.tenant_key, ids), repos.knowledgeBase.categoriesOfFaqs(rows.map((r) => r.faq_id))]);
  const people = new Map<string, FaqUser>(users.map((u) => [u.open_id, { id: u.open_id, avatar_url: u.avatar_url, name: u.name, department: u.department, city: u.city, country: u.country }]));
  const person = (id: string | null) => (id === null ? undefined : (people.get(id) ?? { id }));
  return rows.map((r) => ({
    faq_id: r.faq_id,
    id: r.faq_id,
    helpdesk_id: r.helpdesk_id,
    question: r.question,
    answer: r.answer,
    answer_richtext: JSON.parse(r.answer_richtext),
    create_time: seconds(r.created_at),
    update_time: seconds(r.updated_at),
    categories: (categories.get(r.faq_id) ?? []).map(categoryView),
    tags: JSON.parse(r.tags),
    expire_time: r.expire_time,
    create_user: person(r.created_by),
    update_user: person(r.updated_by),
  }));
}

/** The FAQs search and the bot may offer: online, and not past their expire_time. */
export async function liveFaqs(repos: Repositories, helpdesk_id: string, now: number): Promise<FaqRow[]> {
  return (await repos.knowledgeBase.faqsInStatus(helpdesk_id, 1)).filter((f) => f.expire_time === 0 || f.expire_time * 1000 > now);
}

/**
 * The FAQs cut into search terms, each cut once while its text stays the same: cutting is most of a search's cost
 * (bench/faq-search.ts). Entries are checked against the row's text, so a FAQ changed by another process or a
 * fixture load is cut again; the map is emptied when it outgrows MAX_INDEXED_FAQS.
 */
export function indexedFaqs(rows: readonly FaqRow[]): IndexedFaq[] {
  if (indexCache.size > MAX_INDEXED_FAQS) indexCache.clear();
  return rows.map((f) => {
    const cached = indexCache.get(f.faq_id);
    if (cached && cached.question === f.question && cached.tags === f.tags && cached.answer === f.answer && cached.updated_at === f.updated_at) return cached.indexed;
    const indexed = indexFaq({ faq_id: f.faq_id, question: f.question, tags: JSON.parse(f.tags), answer: f.answer, updated_at: f.updated_at });
    indexCache.set(f.faq_id, { question: f.question, tags: f.tags, answer: f.answer, updated_at: f.updated_at, indexed });
    return indexed;
  });
}
const MAX_INDEXED_FAQS = 100_000;
const indexCache = new Map<string, Pick<FaqRow, 'question' | 'tags' | 'answer' | 'updated_at'> & { indexed: IndexedFaq }>();

/** An online FAQ of this helpdesk, or 404/154004 (another helpdesk's, a deleted one and a missing one alike). */
async function onlineFaq(repos: Repositories, helpdesk: Helpdesk, faq_id: string): Promise<FaqRow> {
  const row = await repos.knowledgeBase.findFaq(helpdesk.helpdesk_id, faq_id);
  if (!row || row.status !== 1) throw new ApiError(errors.resourceNotFound, { detail: `no FAQ ${faq_id} in this helpdesk`, fieldViolations: [{ field: 'id', value: faq_id, description: 'no such FAQ in this helpdesk' }] });
  return row;
}

/** The rich-text answer given, checked (each image must be one uploaded to the tenant); undefined when absent. */
async function readAnswer(repos: Repositories, helpdesk: Helpdesk, input: FaqInput): Promise<Richtext[] | undefined> {
  if (input.answer_richtext === undefined) return undefined;
  const read = readRichtext(input.answer_richtext);
  if (!read.ok) throw badField(read.violation.field, read.violation.description, read.violation.value);
  for (const [i, item] of read.items.entries()) {
    if (item.type === 'img' && !(await repos.images.find(helpdesk.tenant_key, item.content))) {
      throw badField(`faq.answer_richtext[${i}].content`, 'is not the image_key of an image uploaded through POST /kefu/v1/images', item.content);
    }
  }
  return read.items;
}

/** The categories a FAQ is filed under: none for an absent or empty category_id. */
async function categoryOf(repos: Repositories, helpdesk: Helpdesk, category_id: string | undefined): Promise<string[]> {
  if (category_id === undefined || category_id === '') return [];
  if (!(await repos.knowledgeBase.findCategory(helpdesk.helpdesk_id, category_id))) throw badField('faq.category_id', 'no category of this helpdesk has this id', category_id);
  return [category_id];
}

export function categoryView(r: CategoryRow): CategoryView {
  return { category_id: r.category_id, id: r.category_id, name: r.name, parent_id: r.parent_id, helpdesk_id: r.helpdesk_id, language: r.language };
}

const byId = (rows: readonly CategoryRow[]) => new Map(rows.map((c) => [c.category_id, c]));
const seconds = (ms: number) => Math.floor(ms / 1000);
const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** The list's page_token: `<created_at>_<faq_id>` of the last FAQ of the previous page. */
function listPosition(token: string | undefined): { created_at: number; faq_id: string } | undefined {
  if (token === undefined || token === '') return undefined;
  const match = /^(-?[0-9]{1,16})_([0-9]{1,32})$/.exec(token);
  if (!match) throw badField('page_token', 'is not a page_token this list answered', token);
  return { created_at: Number(match[1]), faq_id: match[2] };
}

function pageOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  if (!/^[0-9]{1,9}$/.test(token)) throw badField('page_token', 'is not a page_token this search answered', token);
  return Number(token);
}

function tooDeep(field: string, value: string) {
  return badField(field, `categories nest at most ${MAX_CATEGORY_DEPTH} levels deep`, value);
}

function categoryNotFound(category_id: string, field = 'id') {
  return new ApiError(errors.resourceNotFound, { detail: `no category ${category_id} in this helpdesk`, fieldViolations: [{ field, value: category_id, description: 'no such category in this helpdesk' }] });
}
