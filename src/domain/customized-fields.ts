// Customized fields without I/O: what a field definition may hold, and how a ticket's values are checked against
// the helpdesk's definitions and merged into what the ticket already holds.
import type { FieldViolation } from './field-violation.js';

export type FieldType = 'string' | 'multiline' | 'dropdown' | 'dropdown_nested';

/** Feishu's cascading drop-down goes three levels deep ("最多可以设置三级下拉列表"). */
export const MAX_DROPDOWN_DEPTH = 3;
/** Options in one field, all levels together. */
export const MAX_DROPDOWN_OPTIONS = 1000;
/** The longest value a ticket may hold in one field. */
export const MAX_FIELD_VALUE_LENGTH = 4096;
/** A ticket names at most this many fields in one PUT. */
export const MAX_TICKET_FIELDS = 100;

/**
 * Checks dropdown_options ({children: [{tag, display_name, children?}]}) for a field of this type. A plain dropdown has
 * one level; a cascading one up to three. Options are optional (the SDKs' types cannot send them) but only drop-down
 * fields take them. Tags are unique within a field, since a ticket's value names one.
 */
export function validateDropdownOptions(options: unknown, fieldType: FieldType, field = 'dropdown_options'): FieldViolation[] {
  if (options === undefined || options === null) return [];
  if (fieldType !== 'dropdown' && fieldType !== 'dropdown_nested') {
    return [{ field, description: `only dropdown and dropdown_nested fields take options, not ${fieldType}` }];
  }
  if (typeof options !== 'object' || Array.isArray(options) || !Array.isArray((options as { children?: unknown }).children)) {
    return [{ field, description: 'must be an object {children: [{tag, display_name, children?}]}' }];
  }
  const maxDepth = fieldType === 'dropdown' ? 1 : MAX_DROPDOWN_DEPTH;
  const violations: FieldViolation[] = [];
  const tags = new Set<string>();
  let count = 0;
  const walk = (children: unknown[], path: string, depth: number) => {
    children.forEach((option, i) => {
      const at = `${path}.children[${i}]`;
      if (violations.length > 0) return;
      if (++count > MAX_DROPDOWN_OPTIONS) return violations.push({ field: at, description: `a field holds at most ${MAX_DROPDOWN_OPTIONS} options` });
      if (typeof option !== 'object' || option === null || Array.isArray(option)) return violations.push({ field: at, description: 'must be an object {tag, display_name, children?}' });
      const { tag, display_name, children: below } = option as Record<string, unknown>;
      if (typeof tag !== 'string' || tag.length === 0 || tag.length > 128) return violations.push({ field: `${at}.tag`, description: 'must be a string of 1 to 128 characters', value: tag });
      if (tags.has(tag)) return violations.push({ field: `${at}.tag`, description: 'is already the tag of another option of this field', value: tag });
      tags.add(tag);
      if (typeof display_name !== 'string' || display_name.length === 0 || display_name.length > 128) {
        return violations.push({ field: `${at}.display_name`, description: 'must be a string of 1 to 128 characters', value: display_name });
      }
      if (below === undefined || below === null) return;
      if (!Array.isArray(below)) return violations.push({ field: `${at}.children`, description: 'must be an array of options' });
      if (below.length > 0 && depth >= maxDepth) {
        return violations.push({ field: `${at}.children`, description: fieldType === 'dropdown' ? 'a dropdown field has one level; use dropdown_nested' : `options nest at most ${MAX_DROPDOWN_DEPTH} levels` });
      }
      walk(below, at, depth + 1);
    });
  };
  walk((options as { children: unknown[] }).children, field, 1);
  return violations;
}

/** dropdown_allow_multiple means something for a plain dropdown only ("仅在字段类型是dropdown的时候有效"). */
export function validateAllowMultiple(allowMultiple: boolean | undefined, fieldType: FieldType): FieldViolation[] {
  if (allowMultiple && fieldType !== 'dropdown') return [{ field: 'dropdown_allow_multiple', description: `applies to dropdown fields only, not ${fieldType}` }];
  return [];
}

/** A field as PUT tickets names it: by id, by key_name, or both (the SDK types make all three optional). */
export interface TicketFieldInput {
  id?: string;
  value?: string;
  key_name?: string;
}

/** A defined ticket field, as far as a ticket's value needs it. */
export interface DefinedTicketField {
  id: string;
  key_name: string;
  display_name: string;
  position: string;
  required: boolean;
  editable: boolean;
}

/** A value as the ticket holds and answers it (seed 003's customized_fields item). */
export interface TicketFieldValue {
  id: string;
  value: string;
  key_name: string;
  display_name: string;
  position: number;
  required: boolean;
  editable: boolean;
}

/**
 * Resolves each given value against the defined fields, naming the first fault of each item
 * (`customized_fields[i].id`, `.key_name` or `.value`). An id wins over key_name; when both are given they must name
 * the same field. A field named twice in one request is refused, so a request never says two things about one field.
 */
export function resolveTicketFieldValues(
  given: readonly TicketFieldInput[],
  defined: readonly DefinedTicketField[],
  field = 'customized_fields',
): { values: TicketFieldValue[]; violations: FieldViolation[] } {
  const byId = new Map(defined.map((d) => [d.id, d]));
  const byKey = new Map(defined.map((d) => [d.key_name, d]));
  const violations: FieldViolation[] = [];
  const values: TicketFieldValue[] = [];
  const seen = new Set<string>();
  if (given.length > MAX_TICKET_FIELDS) return { values, violations: [{ field, description: `at most ${MAX_TICKET_FIELDS} fields per request` }] };
  given.forEach((item, i) => {
    const at = `${field}[${i}]`;
    let definition: DefinedTicketField | undefined;
    if (item.id !== undefined && item.id !== '') {
      definition = byId.get(item.id);
      if (!definition) return violations.push({ field: `${at}.id`, description: 'no ticket customized field of this helpdesk has this id', value: item.id });
      if (item.key_name !== undefined && item.key_name !== '' && item.key_name !== definition.key_name) {
        return violations.push({ field: `${at}.key_name`, description: `field ${item.id} is named ${definition.key_name}`, value: item.key_name });
      }
    } else if (item.key_name !== undefined && item.key_name !== '') {
      definition = byKey.get(item.key_name);
      if (!definition) return violations.push({ field: `${at}.key_name`, description: 'no ticket customized field of this helpdesk has this key_name', value: item.key_name });
    } else {
      return violations.push({ field: `${at}.id`, description: 'name the field by id or key_name' });
    }
    if (typeof item.value !== 'string') return violations.push({ field: `${at}.value`, description: 'must be a string ("" clears the field)' });
    if (item.value.length > MAX_FIELD_VALUE_LENGTH) return violations.push({ field: `${at}.value`, description: `must be at most ${MAX_FIELD_VALUE_LENGTH} characters` });
    if (seen.has(definition.id)) return violations.push({ field: `${at}.id`, description: 'names a field already given in this request', value: definition.id });
    seen.add(definition.id);
    values.push({
      id: definition.id,
      value: item.value,
      key_name: definition.key_name,
      display_name: definition.display_name,
      position: Number(definition.position),
      required: definition.required,
      editable: definition.editable,
    });
  });
  return { values, violations };
}

/**
 * The ticket's values after a PUT: each given field replaces its own value ("" removes it), the others stay; ordered
 * by position, then id, as the ticket answers them.
 */
export function mergeTicketFieldValues(current: readonly TicketFieldValue[], given: readonly TicketFieldValue[]): TicketFieldValue[] {
  const merged = new Map(current.map((v) => [v.id, v]));
  for (const v of given) {
    if (v.value === '') merged.delete(v.id);
    else merged.set(v.id, v);
  }
  return [...merged.values()].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
