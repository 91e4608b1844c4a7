// The knowledge base: a helpdesk's FAQ categories, its FAQs and the categories each FAQ is filed under.
import { PostgresAdapter, sql, type Insertable, type Selectable } from 'kysely';
import type { FaqTable, KbCategoryTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type CategoryRow = Selectable<KbCategoryTable>;
export type FaqRow = Selectable<FaqTable>;
export type FaqChanges = Partial<Pick<FaqRow, 'question' | 'answer' | 'answer_richtext' | 'tags' | 'search_text' | 'status' | 'expire_time'>> &
  Pick<FaqRow, 'updated_at' | 'updated_by'>;

export interface FaqFilter {
  helpdesk_id: string;
  status: number;
  category_id?: string;
  /** Normalised text the question or a similar question must contain. */
  keyword?: string;
}

export class KnowledgeBaseRepository {
  constructor(private readonly db: Executor) {}

  private get postgres(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }

  async categories(helpdesk_id: string): Promise<CategoryRow[]> {
    return this.db.selectFrom('kb_categories').selectAll().where('helpdesk_id', '=', helpdesk_id).orderBy('created_at').orderBy('category_id').execute();
  }

  async findCategory(helpdesk_id: string, category_id: string): Promise<CategoryRow | undefined> {
    return this.db.selectFrom('kb_categories').selectAll().where('helpdesk_id', '=', helpdesk_id).where('category_id', '=', category_id).executeTakeFirst();
  }

  async insertCategory(row: Insertable<KbCategoryTable>): Promise<void> {
    await this.db.insertInto('kb_categories').values(row).execute();
  }

  /** Fixture loading: a category given again replaces the stored one. */
  async upsertCategory(row: Insertable<KbCategoryTable>): Promise<void> {
    const { category_id, created_at, ...rest } = row;
    await this.db.insertInto('kb_categories').values(row).onConflict((oc) => oc.column('category_id').doUpdateSet(rest)).execute();
  }

  async updateCategory(category_id: string, changes: Partial<Pick<CategoryRow, 'name' | 'parent_id'>> & Pick<CategoryRow, 'updated_at'>): Promise<void> {
    await this.db.updateTable('kb_categories').set(changes).where('category_id', '=', category_id).execute();
  }

  /** The category goes, and FAQs filed under it lose it (they stay). */
  async deleteCategory(category_id: string): Promise<void> {
    await this.db.deleteFrom('faq_categories').where('category_id', '=', category_id).execute();
    await this.db.deleteFrom('kb_categories').where('category_id', '=', category_id).execute();
  }

  async findFaq(helpdesk_id: string, faq_id: string): Promise<FaqRow | undefined> {
    return this.db.selectFrom('faqs').selectAll().where('helpdesk_id', '=', helpdesk_id).where('faq_id', '=', faq_id).executeTakeFirst();
  }

  async findFaqs(helpdesk_id: string, faq_ids: readonly string[]): Promise<FaqRow[]> {
    if (faq_ids.length === 0) return [];
    return this.db.selectFrom('faqs').selectAll().where('helpdesk_id', '=', helpdesk_id).where('faq_id', 'in', [...faq_ids]).execute();
  }

  /** Every FAQ of the helpdesk in a status: what search ranks. */
  async faqsInStatus(helpdesk_id: string, status: number): Promise<FaqRow[]> {
    return this.db.selectFrom('faqs').selectAll().where('helpdesk_id', '=', helpdesk_id).where('status', '=', status).execute();
  }

  /** One page of the list, newest first (created_at, then faq_id, descending), those after `before`, at most `limit`. */
  async pageFaqs(filter: FaqFilter, before: { created_at: number; faq_id: string } | undefined, limit: number): Promise<FaqRow[]> {
    let query = this.filtered(filter).selectAll('faqs');
    if (before !== undefined) {
      query = query.where((eb) =>
        eb.or([eb('faqs.created_at', '<', before.created_at), eb.and([eb('faqs.created_at', '=', before.created_at), eb('faqs.faq_id', '<', before.faq_id)])]),
      );
    }
    return query.orderBy('faqs.created_at', 'desc').orderBy('faqs.faq_id', 'desc').limit(limit).execute();
  }

  async countFaqs(filter: FaqFilter): Promise<number> {
    const row = await this.filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filtered(filter: FaqFilter) {
    let query = this.db.selectFrom('faqs').where('faqs.helpdesk_id', '=', filter.helpdesk_id).where('faqs.status', '=', filter.status);
    if (filter.category_id !== undefined) {
      const category_id = filter.category_id;
      query = query.where((eb) =>
        eb.exists(eb.selectFrom('faq_categories').select('faq_categories.faq_id').whereRef('faq_categories.faq_id', '=', 'faqs.faq_id').where('faq_categories.category_id', '=', category_id)),
      );
    }
    if (filter.keyword !== undefined) {
      const contains = this.postgres ? sql<boolean>`strpos(faqs.search_text, ${filter.keyword}) > 0` : sql<boolean>`instr(faqs.search_text, ${filter.keyword}) > 0`;
      query = query.where(contains);
    }
    return query;
  }

  async insertFaq(row: Insertable<FaqTable>): Promise<void> {
    await this.db.insertInto('faqs').values(row).execute();
  }

  /** Fixture loading: a FAQ given again replaces the stored one. */
  async upsertFaq(row: Insertable<FaqTable>): Promise<void> {
    const { faq_id, created_at, ...rest } = row;
    await this.db.insertInto('faqs').values(row).onConflict((oc) => oc.column('faq_id').doUpdateSet(rest)).execute();
  }

  async updateFaq(faq_id: string, changes: FaqChanges): Promise<void> {
    await this.db.updateTable('faqs').set(changes).where('faq_id', '=', faq_id).execute();
  }

  /** Files the FAQ under exactly these categories. */
  async setFaqCategories(faq_id: string, category_ids: readonly string[]): Promise<void> {
    await this.db.deleteFrom('faq_categories').where('faq_id', '=', faq_id).execute();
    if (category_ids.length > 0) await this.db.insertInto('faq_categories').values(category_ids.map((category_id) => ({ faq_id, category_id }))).execute();
  }

  /** The categories of each FAQ, by faq_id. */
  async categoriesOfFaqs(faq_ids: readonly string[]): Promise<Map<string, CategoryRow[]>> {
    const byFaq = new Map<string, CategoryRow[]>();
    if (faq_ids.length === 0) return byFaq;
    const rows = await this.db
      .selectFrom('faq_categories')
      .innerJoin('kb_categories', 'kb_categories.category_id', 'faq_categories.category_id')
      .selectAll('kb_categories')
      .select('faq_categories.faq_id')
      .where('faq_categories.faq_id', 'in', [...faq_ids])
      .orderBy('kb_categories.category_id')
      .execute();
    for (const { faq_id, ...category } of rows) byFaq.set(faq_id, [...(byFaq.get(faq_id) ?? []), category]);
    return byFaq;
  }
}
