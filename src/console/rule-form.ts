// The skill rule editor's operand field: people type values separated by commas, the API stores Feishu's operand
// objects. The format of each kind comes from the catalogue GET agent_skill_rules answers (domain/skill-rules.ts).
import { operandObject, ruleKind, type SkillRuleKind } from '../domain/skill-rules.js';

export const OPERATOR_NAMES: Record<number, string> = {
  2: 'is at least',
  3: 'is at most',
  5: 'is one of',
  6: 'is none of',
  7: 'is none of the picked',
  8: 'is any of the picked',
};

const listed = (text: string) => text.split(',').map((v) => v.trim()).filter((v) => v !== '');

/** The operand object a kind's typed text stands for ("Beijing, Shanghai" -> {"cities": ["Beijing", "Shanghai"]}). */
export function operandFromText(kind: SkillRuleKind, text: string): Record<string, unknown> {
  const values = listed(text);
  switch (kind.operand_type) {
    case 'number':
      return { [kind.operand_key]: text.trim() === '' ? null : Number(text.trim()) };
    case 'source_list':
      return { [kind.operand_key]: values.map(Number) };
    case 'user_list':
    case 'department_list':
    case 'category_list':
      return { [kind.operand_key]: values.map((id) => ({ id })) };
    default:
      return { [kind.operand_key]: values };
  }
}

/** The text the editor shows for a stored operand (the inverse of operandFromText). */
export function operandToText(ruleId: string, operand: unknown): string {
  const kind = ruleKind(ruleId);
  const value = kind ? operandObject(operand)?.[kind.operand_key] : undefined;
  if (value === undefined || value === null) return '';
  if (!Array.isArray(value)) return String(value);
  return value.map((v) => (typeof v === 'object' && v !== null ? String((v as { id?: unknown }).id ?? '') : String(v))).join(', ');
}

/** What to type, shown beside the field. */
export function operandHint(kind: SkillRuleKind): string {
  switch (kind.operand_type) {
    case 'number':
      return 'a number';
    case 'source_list':
      return '0 (client), 1 (server), comma separated';
    case 'language_list':
      return 'zh_cn, en_us, ja_jp';
    case 'user_list':
      return 'open_ids, comma separated';
    case 'department_list':
      return 'department ids, comma separated';
    case 'category_list':
      return 'FAQ category ids, comma separated';
    default:
      return 'values, comma separated';
  }
}
