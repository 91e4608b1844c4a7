// Skill rules: the catalogue of rule kinds (GET /agent_skill_rules answers it as is), their validation for
// PATCH /agent_skills/:id, and the one evaluator that routing, the API and the console share.

import type { FieldViolation } from './field-violation.js';

/** Operators, numbered as Feishu numbers them. */
export const Operator = {
  AtLeast: 2, // attribute >= operand
  AtMost: 3, // attribute <= operand
  OneOf: 5, // text attribute is one of the operand's values
  NoneOf: 6, // text attribute is none of them
  NoElementIn: 7, // no element of the attribute set is in the operand set
  SomeElementIn: 8, // some element of the attribute set is in the operand set
} as const;
export type OperatorCode = (typeof Operator)[keyof typeof Operator];

/**
 * Feishu's numbering (agent_skill_rule.category): 1 = the FAQ (knowledge base) categories the ticket touched;
 * 2 = the ticket itself (where it came from); 3 = the asking user's Feishu profile (city, language, identity,
 * department, level). Clients group the rule picker by it, so it must be Feishu's numbers, not ours.
 */
export type RuleCategory = 1 | 2 | 3;

/** The operand's shape; operand_key is the one property the operand object must carry. */
export type OperandType = 'text_list' | 'source_list' | 'language_list' | 'user_list' | 'department_list' | 'category_list' | 'number';

export interface SkillRuleKind {
  id: string;
  name: string;
  category: RuleCategory;
  operator_options: readonly number[];
  operand_type: OperandType;
  operand_key: string;
}

// Operator choice: a number compares ([2, 3]); a single-valued text attribute is or is not in a list ([5, 6]);
// a set-valued attribute, or an identity matched against a picked set of users/departments/categories, intersects
// or not ([7, 8]). The user id and department are single values on the subject but are picked from a directory as a
// set in the console, which is why Feishu offers them 7/8; they are evaluated as one-element sets.
//
// Operand formats (object, or JSON string of one; extra properties are ignored, lists must not be empty):
//   3  city           {"cities": ["Beijing", ...]}                  exact, case-sensitive text
//   9  source         {"sources": [0, 1]}                           0 client, 1 server (OpenAPI)
//   10 language       {"languages": ["zh_cn", "en_us", "ja_jp"]}
//   11 name/email     {"users": [{"id": "ou_...", "name"?: "..."}]}  matched on the user's open_id
//   12 department     {"selected_departments": [{"id": "od-...", "name"?: "IT"}]}   Feishu's own example
//   14/15/16 FAQ cat. {"categories": [{"id": "...", "name"?: "..."}]} zh_cn / en_us / ja_jp FAQ categories
//   17 user level     {"level": 3}                                  any finite number
const kinds: SkillRuleKind[] = [
  { id: '3', name: 'City', category: 3, operator_options: [5, 6], operand_type: 'text_list', operand_key: 'cities' },
  { id: '9', name: 'Source', category: 2, operator_options: [5, 6], operand_type: 'source_list', operand_key: 'sources' },
  { id: '10', name: 'Language', category: 3, operator_options: [5, 6], operand_type: 'language_list', operand_key: 'languages' },
  { id: '11', name: 'Name/Email', category: 3, operator_options: [7, 8], operand_type: 'user_list', operand_key: 'users' },
  { id: '12', name: 'Department', category: 3, operator_options: [7, 8], operand_type: 'department_list', operand_key: 'selected_departments' },
  { id: '14', name: 'FAQ category (Chinese)', category: 1, operator_options: [7, 8], operand_type: 'category_list', operand_key: 'categories' },
  { id: '15', name: 'FAQ category (English)', category: 1, operator_options: [7, 8], operand_type: 'category_list', operand_key: 'categories' },
  { id: '16', name: 'FAQ category (Japanese)', category: 1, operator_options: [7, 8], operand_type: 'category_list', operand_key: 'categories' },
  { id: '17', name: 'User level', category: 3, operator_options: [2, 3], operand_type: 'number', operand_key: 'level' },
];

/** Frozen: route handlers answer it directly and must not be able to change it for everyone else. */
export const SKILL_RULE_KINDS: readonly SkillRuleKind[] = Object.freeze(
  kinds.map((k) => Object.freeze({ ...k, operator_options: Object.freeze([...k.operator_options]) })),
);

const kindById = new Map(SKILL_RULE_KINDS.map((k) => [k.id, k]));

export function ruleKind(id: unknown): SkillRuleKind | undefined {
  return typeof id === 'string' ? kindById.get(id) : undefined;
}

export const LANGUAGES = ['zh_cn', 'en_us', 'ja_jp'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A rule as stored and answered; operand is kept in the form the client gave it (string or object). */
export interface SkillRule {
  id: string;
  selected_operator: number;
  operator_options?: number[];
  operand: string | Record<string, unknown>;
}

/** What rules are tested against: the guest asking and the ticket. */
export interface MatchSubject {
  open_id: string;
  city?: string;
  source?: 0 | 1;
  language?: string;
  department_id?: string;
  /** Ids of the FAQ categories the ticket touched, per FAQ language. */
  faq_categories?: { zh_cn?: readonly string[]; en_us?: readonly string[]; ja_jp?: readonly string[] };
  level?: number;
}

type Value = string | number;
/** A parsed operand: a set of values, or one number for the comparison kinds. */
type Operand = { set: ReadonlySet<Value> } | { number: number };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The operand as an object: given as one, or as a JSON string of one; undefined otherwise. Never mutates it. */
export function operandObject(operand: unknown): Record<string, unknown> | undefined {
  if (isPlainObject(operand)) return operand;
  if (typeof operand !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(operand);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const nonEmptyString = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const idItem = (x: unknown): x is { id: string } =>
  isPlainObject(x) && nonEmptyString(x.id) && (x.name === undefined || typeof x.name === 'string');

/** Each list kind: how one item is checked, what it contributes to the set, and how to describe a bad one. */
const listItem: Record<Exclude<OperandType, 'number'>, { ok: (x: unknown) => boolean; value: (x: unknown) => Value; want: string }> = {
  text_list: { ok: nonEmptyString, value: (x) => x as string, want: 'a non-empty string' },
  source_list: { ok: (x) => x === 0 || x === 1, value: (x) => x as number, want: '0 (client) or 1 (server)' },
  language_list: { ok: (x) => (LANGUAGES as readonly unknown[]).includes(x), value: (x) => x as string, want: 'one of zh_cn, en_us, ja_jp' },
  user_list: { ok: idItem, value: (x) => (x as { id: string }).id, want: 'an object {id, name?} with a non-empty id' },
  department_list: { ok: idItem, value: (x) => (x as { id: string }).id, want: 'an object {id, name?} with a non-empty id' },
  category_list: { ok: idItem, value: (x) => (x as { id: string }).id, want: 'an object {id, name?} with a non-empty id' },
};

/** Parses an operand against its kind: the Operand, or a description of what is wrong with it. */
function parseOperand(kind: SkillRuleKind, raw: unknown): Operand | string {
  const obj = operandObject(raw);
  if (!obj) return 'operand must be an object or a JSON string of an object';
  const v = obj[kind.operand_key];
  if (kind.operand_type === 'number') {
    return typeof v === 'number' && Number.isFinite(v) ? { number: v } : `operand must be {"${kind.operand_key}": <number>}`;
  }
  const item = listItem[kind.operand_type];
  // An empty list makes the rule constant (always or never true): almost surely a half-finished edit, so refused.
  if (!Array.isArray(v) || v.length === 0) return `operand must be {"${kind.operand_key}": [...]} with at least one element`;
  const bad = v.findIndex((x) => !item.ok(x));
  if (bad >= 0) return `operand.${kind.operand_key}[${bad}] must be ${item.want}`;
  return { set: new Set(v.map(item.value)) };
}

// Routing tests every rule of every skill for each ticket, and parsing an operand (JSON, then a Set) costs more
// than testing it. A parse depends only on the kind and the operand, so it is remembered: by the operand object
// itself (never mutated once stored), or by its text for a JSON-string operand.
const parsedByObject = new WeakMap<object, Map<string, Operand | string>>();
const parsedByText = new Map<string, Operand | string>();
const MAX_TEXT_PARSES = 10_000;

function parsedOperand(kind: SkillRuleKind, raw: unknown): Operand | string {
  if (typeof raw === 'string') {
    const key = `${kind.id}\u0000${raw}`;
    let parsed = parsedByText.get(key);
    if (parsed === undefined) {
      if (parsedByText.size >= MAX_TEXT_PARSES) parsedByText.clear();
      parsed = parseOperand(kind, raw);
      parsedByText.set(key, parsed);
    }
    return parsed;
  }
  if (typeof raw !== 'object' || raw === null) return parseOperand(kind, raw);
  let byKind = parsedByObject.get(raw);
  if (!byKind) parsedByObject.set(raw, (byKind = new Map()));
  let parsed = byKind.get(kind.id);
  if (parsed === undefined) byKind.set(kind.id, (parsed = parseOperand(kind, raw)));
  return parsed;
}

/**
 * Violations of one rule as sent in PATCH /agent_skills/:id, with field paths under `path` (e.g. "rules[0]").
 * An unknown rule id stops there: the operator and operand mean nothing without a kind.
 */
export function validateRule(rule: unknown, path: string): FieldViolation[] {
  if (!isPlainObject(rule)) return [{ field: path, value: rule, description: 'rule must be an object {id, selected_operator, operand}' }];
  const kind = ruleKind(rule.id);
  if (!kind) {
    const ids = SKILL_RULE_KINDS.map((k) => k.id).join(', ');
    return [{ field: `${path}.id`, value: rule.id, description: `unknown rule id; known ids: ${ids}` }];
  }
  const out: FieldViolation[] = [];
  if (!kind.operator_options.includes(rule.selected_operator as number)) {
    out.push({
      field: `${path}.selected_operator`,
      value: rule.selected_operator,
      description: `selected_operator must be one of ${kind.operator_options.join(', ')} for rule ${kind.id} (${kind.name})`,
    });
  }
  // operator_options is echoed by clients (Feishu's own example sends it); the catalogue is authoritative, so only its
  // shape is checked.
  const opts = rule.operator_options;
  if (opts !== undefined && !(Array.isArray(opts) && opts.every((o) => Number.isInteger(o)))) {
    out.push({ field: `${path}.operator_options`, value: opts, description: 'operator_options must be an array of integers' });
  }
  const parsed = parseOperand(kind, rule.operand);
  if (typeof parsed === 'string') out.push({ field: `${path}.operand`, value: rule.operand, description: parsed });
  return out;
}

/** The subject's attribute for a kind, as a list: a single value is a one-element list, a missing one is empty. */
function attribute(id: string, s: MatchSubject): readonly Value[] {
  const one = (v: Value | undefined | null): Value[] => (v === undefined || v === null ? [] : [v]);
  switch (id) {
    case '3': return one(s.city);
    case '9': return one(s.source);
    case '10': return one(s.language);
    case '11': return one(s.open_id);
    case '12': return one(s.department_id);
    case '14': return s.faq_categories?.zh_cn ?? [];
    case '15': return s.faq_categories?.en_us ?? [];
    case '16': return s.faq_categories?.ja_jp ?? [];
    case '17': return typeof s.level === 'number' && !Number.isNaN(s.level) ? [s.level] : [];
    default: return [];
  }
}

/**
 * Whether one rule holds for the subject. A missing attribute never satisfies 2, 3, 5 or 8 (nothing is known to
 * compare or to find) and always satisfies 6 and 7 (it is certainly not among the excluded values). A rule that
 * could not have passed validateRule (unknown id, operator not offered, bad operand) does not match, so a corrupt
 * rule never routes a ticket to the wrong people.
 */
export function ruleMatches(rule: SkillRule, subject: MatchSubject): boolean {
  const kind = ruleKind(rule.id);
  if (!kind || !kind.operator_options.includes(rule.selected_operator)) return false;
  const operand = parsedOperand(kind, rule.operand);
  if (typeof operand === 'string') return false;
  const attr = attribute(kind.id, subject);
  if ('number' in operand) {
    if (attr.length === 0) return false;
    const v = attr[0] as number;
    return rule.selected_operator === Operator.AtLeast ? v >= operand.number : v <= operand.number;
  }
  // On a one-element list "is one of" and "some element is in" coincide, as do "none of" and "no element is in".
  const hit = attr.some((v) => operand.set.has(v));
  return rule.selected_operator === Operator.OneOf || rule.selected_operator === Operator.SomeElementIn ? hit : !hit;
}

/** All rules must hold (AND); a skill without rules matches everyone, which is what the default skill relies on. */
export function skillMatches(rules: readonly SkillRule[], subject: MatchSubject): boolean {
  return rules.every((r) => ruleMatches(r, subject));
}
