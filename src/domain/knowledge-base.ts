// The knowledge base's rules that need no database: a FAQ's rich-text answer (read, checked, reduced to plain text,
// its images) and the category tree (depth, cycles, the nested list).
import type { FieldViolation } from './field-violation.js';

/** The language of a root category created without one. */
export const DEFAULT_CATEGORY_LANGUAGE = 'zh_cn';

export const RICHTEXT_TYPES = ['text', 'hyperlink', 'img', 'line break'] as const;
export type RichtextType = (typeof RICHTEXT_TYPES)[number];
export interface Richtext {
  content: string;
  type: RichtextType;
}

/**
 * answer_richtext as the SDKs send it: a string holding a JSON array (create, and Go's patch) or the array itself
 * (Node's patch). Each item is {type, content}: text, hyperlink (content: the URL), img (content: the image_key of
 * an image uploaded through POST /kefu/v1/images) or "line break" (content may be empty).
 */
export function readRichtext(input: unknown, field = 'faq.answer_richtext'): { ok: true; items: Richtext[] } | { ok: false; violation: FieldViolation } {
  let value = input;
  if (typeof input === 'string') {
    if (input.trim() === '') return { ok: true, items: [] };
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, violation: { field, description: 'is neither a JSON array nor a string holding one', value: input } };
    }
  }
  if (!Array.isArray(value)) return { ok: false, violation: { field, description: 'must be an array of {content, type} (or a string holding one)' } };
  const items: Richtext[] = [];
  for (const [i, item] of value.entries()) {
    const at = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, violation: { field: at, description: 'must be an object {content, type}' } };
    const { content = '', type } = item as { content?: unknown; type?: unknown };
    if (typeof type !== 'string' || !(RICHTEXT_TYPES as readonly string[]).includes(type)) {
      return { ok: false, violation: { field: `${at}.type`, description: `must be one of ${RICHTEXT_TYPES.join(', ')}`, value: type } };
    }
    if (typeof content !== 'string') return { ok: false, violation: { field: `${at}.content`, description: 'must be a string', value: content } };
    if ((type === 'img' || type === 'hyperlink' || type === 'text') && content === '') {
      return { ok: false, violation: { field: `${at}.content`, description: type === 'img' ? 'must be an image_key' : 'must not be empty' } };
    }
    items.push({ content, type: type as RichtextType });
  }
  return { ok: true, items };
}

/** The plain answer a rich-text answer reads as: its text and links, line breaks kept, images left out. */
export function plainTextOf(items: readonly Richtext[]): string {
  return items
    .map((i) => (i.type === 'line break' ? '\n' : i.type === 'img' ? '' : i.content))
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/** The image keys a rich-text answer shows, in order, each once. */
export function richtextImageKeys(items: readonly Richtext[]): string[] {
  return [...new Set(items.filter((i) => i.type === 'img').map((i) => i.content))];
}

export interface CategoryLink {
  category_id: string;
  parent_id: string;
}

/** How deep a category sits (a root is 1), following parent_id through `byId`; Infinity on a cycle. */
export function depthOf(category_id: string, byId: ReadonlyMap<string, CategoryLink>): number {
  let depth = 0;
  const seen = new Set<string>();
  for (let id: string | undefined = category_id; id !== undefined && id !== '0'; id = byId.get(id)?.parent_id) {
    if (seen.has(id)) return Infinity;
    seen.add(id);
    depth++;
  }
  return depth;
}

/** How many levels a category's subtree holds (a leaf is 1). */
export function heightOf(category_id: string, links: readonly CategoryLink[]): number {
  const children = links.filter((c) => c.parent_id === category_id);
  return 1 + Math.max(0, ...children.map((c) => heightOf(c.category_id, links)));
}

/** Whether `ancestor` is `category_id` or above it in the tree. */
export function isWithin(category_id: string, ancestor: string, byId: ReadonlyMap<string, CategoryLink>): boolean {
  const seen = new Set<string>();
  for (let id: string | undefined = category_id; id !== undefined && id !== '0' && !seen.has(id); id = byId.get(id)?.parent_id) {
    if (id === ancestor) return true;
    seen.add(id);
  }
  return false;
}

/**
 * The list's tree: roots, each with its children nested (in the order given), `children` only where there are
 * some. A category whose parent is not in the list (filtered out by language) is listed as a root.
 */
export function categoryTree<T extends CategoryLink>(categories: readonly T[]): (T & { children?: unknown[] })[] {
  const ids = new Set(categories.map((c) => c.category_id));
  const build = (c: T): T & { children?: unknown[] } => {
    const children = categories.filter((k) => k.parent_id === c.category_id).map(build);
    return children.length > 0 ? { ...c, children } : { ...c };
  };
  return categories.filter((c) => c.parent_id === '0' || !ids.has(c.parent_id)).map(build);
}
