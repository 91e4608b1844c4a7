// The knowledge base: FAQ categories (GET/POST /categories, GET/PATCH/DELETE /categories/:id) and FAQs (GET/POST
// /faqs, GET /faqs/search, GET/PATCH/DELETE /faqs/:id, GET /faqs/:id/image/:image_key), feishu-surface.md §1-2.
// Types are checked here; the rules across fields and rows (the tree, richtext, images) are the domain's and the
// service's, which name the exact field.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';
import { TicketUser } from './tickets.js';

/** The FAQ list's and search's page size: Feishu's default 20, at most 100. */
export const FAQ_DEFAULT_PAGE_SIZE = 20;
export const FAQ_MAX_PAGE_SIZE = 100;
/** The deepest a category may sit: a root, its children and their children. */
export const MAX_CATEGORY_DEPTH = 3;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Language = Type.String({ pattern: '^[a-z]{2}_[a-z]{2}$', description: 'zh_cn, en_us, ja_jp, ...' });
const CategoryName = Type.String({ minLength: 1, maxLength: 128 });

const CategoryProperties = {
  category_id: Type.String(),
  /** Feishu's legacy duplicate of category_id. */
  id: Type.String(),
  name: Type.String(),
  /** '0' for a root. */
  parent_id: Type.String(),
  helpdesk_id: Type.String(),
  language: Type.String(),
};
export const CategoryView = Type.Object(CategoryProperties);
export type CategoryView = Static<typeof CategoryView>;

/** A category of the list with its children, MAX_CATEGORY_DEPTH levels deep (the docs' tree). */
function withChildren(depth: number): TSchema {
  return depth === 1 ? CategoryView : Type.Object({ ...CategoryProperties, children: Type.Optional(Type.Array(withChildren(depth - 1))) });
}
export interface CategoryNode extends CategoryView {
  children?: CategoryNode[];
}

export const CategoryIdParams = Type.Object({ id: Id });

export const ListCategoriesQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 16 })),
  /** 1: by update time, the one order Feishu documents; absent: the order of creation. */
  order_by: Type.Optional(Type.Integer({ minimum: 1, maximum: 1 })),
  asc: Type.Optional(Type.Boolean()),
});
export type ListCategoriesQuery = Static<typeof ListCategoriesQuery>;

export const CreateCategoryBody = Type.Object({
  name: CategoryName,
  /** '0' for a root. */
  parent_id: Type.String({ minLength: 1, maxLength: 64 }),
  language: Type.Optional(Language),
});
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const PatchCategoryBody = Type.Object({
  name: Type.Optional(CategoryName),
  parent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type PatchCategoryBody = Static<typeof PatchCategoryBody>;

export const ListCategoriesAnswer = Envelope(Type.Object({ categories: Type.Array(withChildren(MAX_CATEGORY_DEPTH)) }));
export const CategoryAnswer = Envelope(Type.Object({ category: CategoryView }));
/** GET categories/:id answers the category itself, unwrapped. */
export const GetCategoryAnswer = Envelope(CategoryView);

/** A person on a FAQ: TicketUser without email, as Feishu's FAQ pages show it. */
const FaqUser = Type.Omit(TicketUser, ['email']);
export type FaqUser = Static<typeof FaqUser>;

export const RichtextItem = Type.Object({ content: Type.Optional(Type.String()), type: Type.Optional(Type.String()) });
export type RichtextItem = Static<typeof RichtextItem>;

export const FaqView = Type.Object({
  faq_id: Type.String(),
  /** Feishu's legacy duplicate of faq_id. */
  id: Type.String(),
  helpdesk_id: Type.String(),
  question: Type.String(),
  answer: Type.String(),
  answer_richtext: Type.Array(RichtextItem),
  /** Seconds, as Feishu answers FAQ times. */
  create_time: Type.Integer(),
  update_time: Type.Integer(),
  categories: Type.Array(CategoryView),
  /** Similar questions. */
  tags: Type.Array(Type.String()),
  /** Seconds; 0 when the FAQ never expires. */
  expire_time: Type.Integer(),
  create_user: Type.Optional(FaqUser),
  update_user: Type.Optional(FaqUser),
});
export type FaqView = Static<typeof FaqView>;

export const FaqIdParams = Type.Object({ id: Id });
export const FaqImageParams = Type.Object({ id: Id, image_key: Type.String({ minLength: 1, maxLength: 128 }) });

const Question = Type.String({ minLength: 1, maxLength: 1000 });
const Answer = Type.String({ maxLength: 20000 });
/** A string of JSON (the SDK types of create, and Go's of patch) or the array itself (Node's patch): both are taken. */
const AnswerRichtext = Type.Union([Type.String({ maxLength: 100000 }), Type.Array(Type.Unknown(), { maxItems: 1000 })]);
const SimilarQuestions = Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 });

export const CreateFaqBody = Type.Object({
  faq: Type.Object({
    category_id: Type.Optional(Type.String({ maxLength: 64 })),
    question: Question,
    answer: Type.Optional(Answer),
    answer_richtext: Type.Optional(AnswerRichtext),
    tags: Type.Optional(SimilarQuestions),
    /** Kefu's: seconds after which search and the bot no longer offer the FAQ (0: never). */
    expire_time: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
});
export type CreateFaqBody = Static<typeof CreateFaqBody>;

export const PatchFaqBody = Type.Object({
  faq: Type.Object({
    category_id: Type.Optional(Type.String({ maxLength: 64 })),
    question: Type.Optional(Question),
    answer: Type.Optional(Answer),
    answer_richtext: Type.Optional(AnswerRichtext),
    tags: Type.Optional(SimilarQuestions),
    expire_time: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
});
export type PatchFaqBody = Static<typeof PatchFaqBody>;
export type FaqInput = PatchFaqBody['faq'];

export const ListFaqsQuery = Type.Object({
  category_id: Type.Optional(Type.String({ maxLength: 64 })),
  /** A string on the wire: "1" online (the default), "0" deleted (recoverable), "2" deleted for good. */
  status: Type.Optional(Type.String({ maxLength: 8 })),
  search: Type.Optional(Type.String({ maxLength: 200 })),
  page_token: Type.Optional(Type.String({ maxLength: 64 })),
  page_size: Type.Integer({ minimum: 1, maximum: FAQ_MAX_PAGE_SIZE, default: FAQ_DEFAULT_PAGE_SIZE }),
});
export type ListFaqsQuery = Static<typeof ListFaqsQuery>;

export const SearchFaqsQuery = Type.Object({
  query: Type.String({ minLength: 1, maxLength: 2000 }),
  /** "true": query is base64 (standard or URL-safe, padded or not). */
  base64: Type.Optional(Type.String({ maxLength: 16 })),
  page_token: Type.Optional(Type.String({ maxLength: 64 })),
  page_size: Type.Integer({ minimum: 1, maximum: FAQ_MAX_PAGE_SIZE, default: FAQ_DEFAULT_PAGE_SIZE }),
});
export type SearchFaqsQuery = Static<typeof SearchFaqsQuery>;

export const FaqAnswer = Envelope(Type.Object({ faq: FaqView }));
export const ListFaqsAnswer = Envelope(
  Type.Object({
    has_more: Type.Boolean(),
    /** Only while has_more: Go's iterator stops on its absence and would start over on "". */
    page_token: Type.Optional(Type.String()),
    /** How many items this page holds. */
    page_size: Type.Integer(),
    total: Type.Integer(),
    items: Type.Array(FaqView),
  }),
);
export const SearchFaqsAnswer = Envelope(Type.Object({ has_more: Type.Boolean(), page_token: Type.Optional(Type.String()), items: Type.Array(FaqView) }));
