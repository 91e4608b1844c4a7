// The knowledge base (docs/knowledge-base.md): the category tree, the FAQs of the helpdesk with the same ranked search
// as GET faqs/search, and forms to add a category and to add, edit and delete a FAQ. Everything goes through
// KnowledgeBaseService, so who may write is the API's rule (an agent who is not removed, an admin or the owner).
import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CreateCategoryBody, CreateFaqBody, FAQ_MAX_PAGE_SIZE, type CategoryNode, type FaqView } from '../../schemas/knowledge-base.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from '../layout.js';
import { field, sendPage, type ConsoleServices, type FormBody } from '../plugin.js';
import { ConsoleRefusal, type Visit } from '../visit.js';

const HOME = '/console/knowledge-base';

export function knowledgeBasePages(app: FastifyInstance, s: ConsoleServices): void {
  const staff = { schema: { hide: true }, config: { console: 'agent' as const } };

  app.get(HOME, staff, async (request, reply) => {
    const visit = request.visit;
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.trim() : '';
    const category = typeof query.category === 'string' ? query.category : '';
    const { categories } = await s.knowledgeBase.listCategories(visit.helpdesk, {});
    const found = q
      ? await s.knowledgeBase.searchFaqs(visit.helpdesk, { query: q, page_size: FAQ_MAX_PAGE_SIZE })
      : await s.knowledgeBase.listFaqs(visit.helpdesk, { category_id: category || undefined, page_size: FAQ_MAX_PAGE_SIZE });
    const shownIn = q ? `FAQs matching “${q}”, best first` : category ? `FAQs in ${nameOf(categories, category) ?? category}, newest first` : 'FAQs, newest first';
    const body = html`
<section aria-labelledby="categories-title">
<h2 id="categories-title">Categories</h2>
${categories.length === 0 ? html`<p>No categories yet.</p>` : html`<nav aria-label="Categories">${tree(categories, category)}</nav>`}
${category || q ? html`<p><a href="${HOME}">All FAQs</a></p>` : ''}
</section>
<section aria-labelledby="faqs-title">
<h2 id="faqs-title">FAQs</h2>
<form method="get" action="${HOME}" role="search">
<label for="faq-search">Search FAQs</label> <input id="faq-search" type="search" name="q" value="${q}" maxlength="2000"> <button>Search</button>
</form>
${faqTable(found.items, shownIn)}
${'has_more' in found && found.has_more ? html`<p class="muted">Only the first ${FAQ_MAX_PAGE_SIZE} are shown.</p>` : ''}
</section>
<section aria-labelledby="new-faq-title">
<h2 id="new-faq-title">New FAQ</h2>
${faqForm(visit, `${HOME}/faqs`, categories, undefined, 'new-faq', 'Add FAQ')}
</section>
<section aria-labelledby="new-category-title">
<h2 id="new-category-title">New category</h2>
<form method="post" action="${HOME}/categories">${csrfField(visit)}
<p><label for="category-name">Category name</label> <input id="category-name" name="name" required maxlength="128"></p>
<p><label for="category-parent">Parent category</label> <select id="category-parent" name="parent_id"><option value="0">(none: a top-level category)</option>${categoryOptions(categories, '')}</select></p>
<button>Add category</button>
</form>
</section>`;
    return sendPage(reply, page({ title: 'Knowledge base', section: 'Knowledge base', body, visit }));
  });

  app.get(`${HOME}/faqs/:faq_id`, staff, async (request, reply) => {
    const visit = request.visit;
    const { faq_id } = request.params as { faq_id: string };
    const [{ faq }, { categories }] = await Promise.all([s.knowledgeBase.getFaq(visit.helpdesk, faq_id), s.knowledgeBase.listCategories(visit.helpdesk, {})]);
    const body = html`
<p><a href="${HOME}">Back to the knowledge base</a></p>
${faqForm(visit, `${HOME}/faqs/${faq.faq_id}`, categories, faq, 'edit-faq', 'Save FAQ')}
<form method="post" action="${HOME}/faqs/${faq.faq_id}/delete">${csrfField(visit)}<button class="secondary">Delete FAQ</button></form>`;
    return sendPage(reply, page({ title: `FAQ ${faq.faq_id}`, section: 'Knowledge base', body, visit }));
  });

  app.post(`${HOME}/categories`, staff, async (request, reply) => {
    const form = request.body as FormBody;
    const input = checked(CreateCategoryBody, { name: field(form, 'name').trim(), parent_id: field(form, 'parent_id') || '0' }, CATEGORY_LABELS);
    await s.knowledgeBase.createCategory(request.visit.helpdesk, request.visit.caller, input);
    return reply.redirect(HOME, 303);
  });

  app.post(`${HOME}/faqs`, staff, async (request, reply) => {
    const { faq } = checked(CreateFaqBody, { faq: faqInput(request.body as FormBody) }, FAQ_LABELS);
    const created = await s.knowledgeBase.createFaq(request.visit.helpdesk, request.visit.caller, faq);
    return reply.redirect(`${HOME}/faqs/${created.faq.faq_id}`, 303);
  });

  app.post(`${HOME}/faqs/:faq_id`, staff, async (request, reply) => {
    const { faq_id } = request.params as { faq_id: string };
    const { faq } = checked(CreateFaqBody, { faq: faqInput(request.body as FormBody) }, FAQ_LABELS);
    await s.knowledgeBase.patchFaq(request.visit.helpdesk, request.visit.caller, faq_id, faq);
    return reply.redirect(`${HOME}/faqs/${faq_id}`, 303);
  });

  app.post(`${HOME}/faqs/:faq_id/delete`, staff, async (request, reply) => {
    const { faq_id } = request.params as { faq_id: string };
    await s.knowledgeBase.deleteFaq(request.visit.helpdesk, request.visit.caller, faq_id);
    return reply.redirect(HOME, 303);
  });
}

/** What the FAQ form holds, as the API's body: similar questions one a line; an empty category unfiles the FAQ. */
function faqInput(form: FormBody) {
  return {
    question: field(form, 'question').trim(),
    answer: field(form, 'answer').trim(),
    tags: field(form, 'tags').split(/\r?\n/).map((t) => t.trim()).filter(Boolean),
    category_id: field(form, 'category_id'),
  };
}

// The form's labels for the API's field paths, so a refusal names what the person typed.
const CATEGORY_LABELS: Record<string, string> = { '/name': 'Category name', '/parent_id': 'Parent category' };
const FAQ_LABELS: Record<string, string> = { '/faq/question': 'Question', '/faq/answer': 'Answer', '/faq/tags': 'Similar questions', '/faq/category_id': 'Category' };

/** The form checked against the API's own body schema: the console takes what the API takes, nothing more. */
function checked<T extends TSchema>(schema: T, value: unknown, labels: Record<string, string>) {
  const problems = [...Value.Errors(schema, value)].map((e) => {
    const at = Object.keys(labels).find((path) => e.path === path || e.path.startsWith(`${path}/`));
    return `${at ? labels[at] : e.path}: ${e.message}`;
  });
  if (problems.length > 0) throw new ConsoleRefusal(400, [...new Set(problems)].join('; '));
  return value as Static<T>;
}

function faqForm(visit: Visit, action: string, categories: CategoryNode[], faq: FaqView | undefined, id: string, button: string): Html {
  const filed = faq?.categories[0]?.category_id ?? '';
  return html`<form method="post" action="${action}">${csrfField(visit)}
<p><label for="${id}-question">Question</label><br><input id="${id}-question" name="question" value="${faq?.question ?? ''}" required maxlength="1000" size="60"></p>
<p><label for="${id}-answer">Answer</label><br><textarea id="${id}-answer" name="answer" rows="4" cols="60" required>${faq?.answer ?? ''}</textarea></p>
<p><label for="${id}-tags">Similar questions</label> <span class="muted" id="${id}-tags-hint">(one a line)</span><br><textarea id="${id}-tags" name="tags" rows="3" cols="60" aria-describedby="${id}-tags-hint">${(faq?.tags ?? []).join('\n')}</textarea></p>
<p><label for="${id}-category">Category</label> <select id="${id}-category" name="category_id"><option value="">(none)</option>${categoryOptions(categories, filed)}</select></p>
<button>${button}</button>
</form>`;
}

function faqTable(faqs: FaqView[], caption: string): Html {
  if (faqs.length === 0) return html`<p role="status">No FAQs found.</p>`;
  return html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">Similar questions</th><th scope="col">Category</th></tr></thead>
<tbody>${faqs.map((f) => html`<tr><td><a href="${HOME}/faqs/${f.faq_id}">${f.question}</a></td><td>${f.answer}</td><td>${f.tags.join('; ')}</td><td>${f.categories.map((c) => c.name).join(', ')}</td></tr>`)}</tbody>
</table>`;
}

/** The categories as nested lists, each a link that lists its FAQs. */
function tree(nodes: CategoryNode[], chosen: string): Html {
  return html`<ul>${nodes.map((c) => html`<li><a href="${HOME}?category=${c.category_id}"${c.category_id === chosen ? html` aria-current="true"` : ''}>${c.name}</a> <span class="muted">(${c.language})</span>${c.children?.length ? tree(c.children, chosen) : ''}</li>`)}</ul>`;
}

/** Every category as an option, indented by depth. */
function categoryOptions(nodes: CategoryNode[], selected: string, depth = 0): Html[] {
  return nodes.flatMap((c) => [
    html`<option value="${c.category_id}"${c.category_id === selected ? html` selected` : ''}>${'\u00a0\u00a0'.repeat(depth)}${c.name}</option>`,
    ...categoryOptions(c.children ?? [], selected, depth + 1),
  ]);
}

function nameOf(nodes: CategoryNode[], id: string): string | undefined {
  for (const c of nodes) {
    if (c.category_id === id) return c.name;
    const below = nameOf(c.children ?? [], id);
    if (below) return below;
  }
  return undefined;
}
