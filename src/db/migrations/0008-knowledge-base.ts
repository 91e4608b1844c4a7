// The knowledge base (docs/knowledge-base.md): a helpdesk's FAQ categories (a tree by parent_id), its FAQs, and which
// categories each FAQ is filed under. FAQ search ranks in memory over a helpdesk's online FAQs; `search_text` is the
// normalised question and similar questions that GET /faqs's `search` keyword is matched against in SQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kb_categories')
    .addColumn('category_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // '0' for a root, as Feishu answers it.
    .addColumn('parent_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_categories_by_helpdesk').on('kb_categories').columns(['helpdesk_id', 'parent_id']).execute();

  await db.schema
    .createTable('faqs')
    .addColumn('faq_id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    // JSON array [{content, type}], as answered.
    .addColumn('answer_richtext', 'text', (c) => c.notNull())
    // JSON array of similar questions.
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    // Feishu's list statuses: 1 online, 0 deleted (recoverable), 2 deleted for good.
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .execute();
  // The list walks a helpdesk's FAQs of one status newest first.
  await db.schema.createIndex('faqs_by_helpdesk').on('faqs').columns(['helpdesk_id', 'status', 'created_at', 'faq_id']).execute();

  await db.schema
    .createTable('faq_categories')
    .addColumn('faq_id', 'text', (c) => c.notNull().references('faqs.faq_id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('kb_categories.category_id'))
    .addPrimaryKeyConstraint('faq_categories_pk', ['faq_id', 'category_id'])
    .execute();
  await db.schema.createIndex('faq_categories_by_category').on('faq_categories').columns(['category_id', 'faq_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('faq_categories').execute();
  await db.schema.dropTable('faqs').execute();
  await db.schema.dropTable('kb_categories').execute();
}
