import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SKILL_RULE_KINDS, ruleKind, ruleMatches, skillMatches, validateRule, type MatchSubject, type SkillRule,
} from '../../src/domain/skill-rules.js';

const ALL_OPERATORS = [2, 3, 5, 6, 7, 8];
const OU_A = 'ou_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const OU_B = 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

test('the catalogue lists exactly Feishu\'s rule ids with the documented operators and categories', () => {
  const table = SKILL_RULE_KINDS.map((k) => [k.id, k.category, [...k.operator_options], k.operand_key]);
  assert.deepEqual(table, [
    // category as Feishu numbers it: 1 FAQ (knowledge base), 2 ticket, 3 the user's Feishu profile
    ['3', 3, [5, 6], 'cities'],
    ['9', 2, [5, 6], 'sources'],
    ['10', 3, [5, 6], 'languages'],
    ['11', 3, [7, 8], 'users'],
    ['12', 3, [7, 8], 'selected_departments'],
    ['14', 1, [7, 8], 'categories'],
    ['15', 1, [7, 8], 'categories'],
    ['16', 1, [7, 8], 'categories'],
    ['17', 3, [2, 3], 'level'],
  ]);
  for (const k of SKILL_RULE_KINDS) {
    assert.equal(typeof k.name, 'string');
    assert.ok(k.name.length > 0);
    assert.equal(ruleKind(k.id), k);
  }
  assert.equal(ruleKind('4'), undefined);
  assert.equal(ruleKind(3), undefined); // ids are strings on the wire
  assert.ok(Object.isFrozen(SKILL_RULE_KINDS) && Object.isFrozen(SKILL_RULE_KINDS[0].operator_options));
  assert.throws(() => (SKILL_RULE_KINDS[0].operator_options as number[]).push(2));
});

// ---------------------------------------------------------------------------------------------------------------
// Every operator over every rule kind: for each kind an operand, a subject inside it, one outside, one missing the
// attribute; the expected answer for every operator (false for operators the kind does not offer).
const base: MatchSubject = { open_id: OU_B };
interface Case { id: string; operand: Record<string, unknown>; inside: MatchSubject; outside: MatchSubject; missing: MatchSubject }
const cases: Case[] = [
  { id: '3', operand: { cities: ['Beijing', 'Tokyo'] }, inside: { ...base, city: 'Tokyo' }, outside: { ...base, city: 'beijing' }, missing: base },
  { id: '9', operand: { sources: [1] }, inside: { ...base, source: 1 }, outside: { ...base, source: 0 }, missing: base },
  { id: '10', operand: { languages: ['zh_cn', 'ja_jp'] }, inside: { ...base, language: 'ja_jp' }, outside: { ...base, language: 'en_us' }, missing: base },
  { id: '11', operand: { users: [{ id: OU_A, name: 'A' }] }, inside: { open_id: OU_A }, outside: { open_id: OU_B }, missing: { open_id: '' } },
  { id: '12', operand: { selected_departments: [{ id: 'od-it', name: 'IT' }, { id: 'od-hr' }] }, inside: { ...base, department_id: 'od-hr' }, outside: { ...base, department_id: 'od-sales' }, missing: base },
  { id: '14', operand: { categories: [{ id: 'c1' }, { id: 'c2' }] }, inside: { ...base, faq_categories: { zh_cn: ['c9', 'c2'] } }, outside: { ...base, faq_categories: { zh_cn: ['c9'], en_us: ['c1'] } }, missing: { ...base, faq_categories: { en_us: ['c1'] } } },
  { id: '15', operand: { categories: [{ id: 'c1' }] }, inside: { ...base, faq_categories: { en_us: ['c1'] } }, outside: { ...base, faq_categories: { en_us: [], zh_cn: ['c1'] } }, missing: base },
  { id: '16', operand: { categories: [{ id: 'c1' }] }, inside: { ...base, faq_categories: { ja_jp: ['c3', 'c1'] } }, outside: { ...base, faq_categories: { ja_jp: ['c3'], zh_cn: ['c1'] } }, missing: { ...base, faq_categories: {} } },
];

test('every operator over every list rule kind', () => {
  for (const c of cases) {
    const opts = ruleKind(c.id)!.operator_options;
    for (const op of ALL_OPERATORS) {
      const offered = opts.includes(op);
      const positive = op === 5 || op === 8; // "is one of" / "some element is in"
      const expect = {
        inside: offered && positive,
        outside: offered && !positive,
        missing: offered && !positive, // missing: never 5/8, always 6/7
      };
      for (const form of ['object', 'string'] as const) {
        const rule: SkillRule = { id: c.id, selected_operator: op, operand: form === 'object' ? c.operand : JSON.stringify(c.operand) };
        for (const who of ['inside', 'outside', 'missing'] as const) {
          assert.equal(ruleMatches(rule, c[who]), expect[who], `rule ${c.id} op ${op} ${form} ${who}`);
        }
        assert.equal(validateRule(rule, 'r').length === 0, offered, `validate rule ${c.id} op ${op}`);
      }
    }
  }
});

test('every operator over the user level kind (17)', () => {
  const rule = (op: number, level: number): SkillRule => ({ id: '17', selected_operator: op, operand: { level } });
  const subject = (level?: number): MatchSubject => (level === undefined ? base : { ...base, level });
  // 2: attribute >= operand
  assert.equal(ruleMatches(rule(2, 3), subject(4)), true);
  assert.equal(ruleMatches(rule(2, 3), subject(3)), true);
  assert.equal(ruleMatches(rule(2, 3), subject(2)), false);
  assert.equal(ruleMatches(rule(2, 3), subject()), false);
  // 3: attribute <= operand
  assert.equal(ruleMatches(rule(3, 3), subject(2)), true);
  assert.equal(ruleMatches(rule(3, 3), subject(3)), true);
  assert.equal(ruleMatches(rule(3, 3), subject(4)), false);
  assert.equal(ruleMatches(rule(3, 3), subject()), false);
  assert.equal(ruleMatches(rule(3, 0), subject(-1)), true);
  assert.equal(ruleMatches(rule(2, 1.5), subject(1.5)), true);
  assert.equal(ruleMatches({ id: '17', selected_operator: 2, operand: '{"level":3}' }, subject(5)), true);
  for (const op of [5, 6, 7, 8]) {
    for (const lv of [undefined, 1, 3, 5]) assert.equal(ruleMatches(rule(op, 3), subject(lv)), false, `op ${op} level ${lv}`);
    assert.deepEqual(validateRule(rule(op, 3), 'rules[0]').map((v) => v.field), ['rules[0].selected_operator']);
  }
});

test('skillMatches: all rules must hold; no rules match everyone', () => {
  const city: SkillRule = { id: '3', selected_operator: 5, operand: { cities: ['Beijing'] } };
  const level: SkillRule = { id: '17', selected_operator: 2, operand: '{"level":3}' };
  assert.equal(skillMatches([], base), true);
  assert.equal(skillMatches([], { open_id: '' }), true);
  assert.equal(skillMatches([city, level], { ...base, city: 'Beijing', level: 3 }), true);
  assert.equal(skillMatches([city, level], { ...base, city: 'Beijing', level: 2 }), false);
  assert.equal(skillMatches([city, level], { ...base, city: 'Tokyo', level: 9 }), false);
  assert.equal(skillMatches([city, level], base), false);
});

test('a rule that could not pass validation never matches', () => {
  const s: MatchSubject = { ...base, city: 'Beijing' };
  assert.equal(ruleMatches({ id: '3', selected_operator: 5, operand: { cities: ['Beijing'] } }, s), true);
  assert.equal(ruleMatches({ id: '99', selected_operator: 5, operand: { cities: ['Beijing'] } }, s), false);
  assert.equal(ruleMatches({ id: '3', selected_operator: 6, operand: 'not json' }, s), false);
  assert.equal(ruleMatches({ id: '3', selected_operator: 6, operand: { towns: ['x'] } }, s), false);
  assert.equal(ruleMatches({ id: '3', selected_operator: 6, operand: { cities: [] } }, s), false);
});

// ---------------------------------------------------------------------------------------------------------------
// Property: the evaluator against a reference written per rule id, for random subjects and rules drawn from small
// pools (so that hits and misses are both common), operands given as objects or JSON strings.
function refRule(rule: SkillRule, s: MatchSubject): boolean {
  const o = (typeof rule.operand === 'string' ? JSON.parse(rule.operand) : rule.operand) as any;
  const op = rule.selected_operator;
  const scalar = (v: unknown, list: unknown[]) => (op === 5 ? v !== undefined && list.includes(v) : v === undefined || !list.includes(v));
  const set = (vs: readonly unknown[] | undefined, list: unknown[]) => {
    const some = (vs ?? []).some((v) => list.includes(v));
    return op === 8 ? some : !some;
  };
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
  switch (rule.id) {
    case '3': return scalar(s.city, o.cities);
    case '9': return scalar(s.source, o.sources);
    case '10': return scalar(s.language, o.languages);
    case '11': return set([s.open_id], ids(o.users));
    case '12': return set(s.department_id === undefined ? [] : [s.department_id], ids(o.selected_departments));
    case '14': return set(s.faq_categories?.zh_cn, ids(o.categories));
    case '15': return set(s.faq_categories?.en_us, ids(o.categories));
    case '16': return set(s.faq_categories?.ja_jp, ids(o.categories));
    case '17': return s.level !== undefined && (op === 2 ? s.level >= o.level : s.level <= o.level);
    default: throw new Error(`unknown rule ${rule.id}`);
  }
}

const cityPool = ['Beijing', 'Shanghai', 'Tokyo'];
const userPool = [OU_A, OU_B, 'ou_c'];
const deptPool = ['od-it', 'od-hr', 'od-ops'];
const catPool = ['c1', 'c2', 'c3'];
const langs = ['zh_cn', 'en_us', 'ja_jp'];
const some = <T>(pool: T[]) => fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: pool.length });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const subjectArb: fc.Arbitrary<MatchSubject> = fc.record({
  open_id: fc.constantFrom(...userPool),
  city: maybe(fc.constantFrom(...cityPool)),
  source: maybe(fc.constantFrom<0 | 1>(0, 1)),
  language: maybe(fc.constantFrom(...langs)),
  department_id: maybe(fc.constantFrom(...deptPool)),
  faq_categories: maybe(fc.record({
    zh_cn: maybe(fc.uniqueArray(fc.constantFrom(...catPool), { maxLength: 3 })),
    en_us: maybe(fc.uniqueArray(fc.constantFrom(...catPool), { maxLength: 3 })),
    ja_jp: maybe(fc.uniqueArray(fc.constantFrom(...catPool), { maxLength: 3 })),
  }, { requiredKeys: [] })),
  level: maybe(fc.integer({ min: 0, max: 5 })),
}, { requiredKeys: ['open_id'] });

const idObjs = (pool: string[]) => some(pool).map((ids) => ids.map((id) => ({ id })));
const operandArb: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  '3': some(cityPool).map((cities) => ({ cities })),
  '9': some([0, 1]).map((sources) => ({ sources })),
  '10': some(langs).map((languages) => ({ languages })),
  '11': idObjs(userPool).map((users) => ({ users })),
  '12': idObjs(deptPool).map((selected_departments) => ({ selected_departments })),
  '14': idObjs(catPool).map((categories) => ({ categories })),
  '15': idObjs(catPool).map((categories) => ({ categories })),
  '16': idObjs(catPool).map((categories) => ({ categories })),
  '17': fc.integer({ min: 0, max: 5 }).map((level) => ({ level })),
};
const ruleArb: fc.Arbitrary<SkillRule> = fc.constantFrom(...SKILL_RULE_KINDS).chain((k) =>
  fc.record({ op: fc.constantFrom(...k.operator_options), operand: operandArb[k.id], asString: fc.boolean() }).map(({ op, operand, asString }) => ({
    id: k.id, selected_operator: op, operand: asString ? JSON.stringify(operand) : operand,
  })));

test('property: ruleMatches equals the reference on every generated rule, and the rules are valid', () => {
  let hits = 0;
  let misses = 0;
  fc.assert(fc.property(ruleArb, subjectArb, (rule, subject) => {
    assert.deepEqual(validateRule(rule, 'rules[0]'), []);
    const got = ruleMatches(rule, subject);
    assert.equal(got, refRule(rule, subject));
    if (got) hits++;
    else misses++;
  }), { numRuns: 5000 });
  assert.ok(hits > 1000 && misses > 1000, `hits ${hits}, misses ${misses}`);
});

test('property: skillMatches is the AND of the reference over the rules', () => {
  fc.assert(fc.property(fc.array(ruleArb, { maxLength: 4 }), subjectArb, (rules, subject) => {
    assert.equal(skillMatches(rules, subject), rules.every((r) => refRule(r, subject)));
  }), { numRuns: 3000 });
});

test('property: the evaluator leaves the rule as it was given', () => {
  fc.assert(fc.property(ruleArb, subjectArb, (rule, subject) => {
    const before = JSON.stringify(rule);
    ruleMatches(rule, subject);
    validateRule(rule, 'r');
    assert.equal(JSON.stringify(rule), before);
  }), { numRuns: 500 });
});

// ---------------------------------------------------------------------------------------------------------------
test('validateRule accepts Feishu\'s example with the operand as an object and as a JSON string', () => {
  const operand = { selected_departments: [{ id: '部门ID', name: 'IT' }] };
  assert.deepEqual(validateRule({ id: '12', selected_operator: 8, operator_options: [7, 8], operand }, 'rules[0]'), []);
  assert.deepEqual(validateRule({ id: '12', selected_operator: 8, operand: JSON.stringify(operand) }, 'rules[0]'), []);
  assert.deepEqual(validateRule({ id: '12', selected_operator: 8, operand: '{"selected_departments":[{"id":"od-it"}],"extra":1}' }, 'rules[0]'), []);
});

test('validateRule refuses a bad operator naming rules[i].selected_operator', () => {
  const v = validateRule({ id: '12', selected_operator: 5, operand: { selected_departments: [{ id: 'od-it' }] } }, 'rules[0]');
  assert.equal(v.length, 1);
  assert.equal(v[0].field, 'rules[0].selected_operator');
  assert.equal(v[0].value, 5);
  assert.match(v[0].description, /7, 8/);
  for (const op of [undefined, '8', 8.5, null, 0]) {
    assert.deepEqual(validateRule({ id: '12', selected_operator: op, operand: { selected_departments: [{ id: 'x' }] } }, 'rules[2]').map((x) => x.field), ['rules[2].selected_operator'], String(op));
  }
});

test('validateRule refuses an unknown rule id naming rules[i].id, and nothing else', () => {
  for (const id of ['4', '18', 12, '', undefined, 'city']) {
    const v = validateRule({ id, selected_operator: 99, operand: 'junk' }, 'rules[1]');
    assert.deepEqual(v.map((x) => x.field), ['rules[1].id'], String(id));
    assert.equal(v[0].value, id);
  }
  assert.deepEqual(validateRule(null, 'rules[0]').map((x) => x.field), ['rules[0]']);
  assert.deepEqual(validateRule('3', 'rules[0]').map((x) => x.field), ['rules[0]']);
});

test('validateRule refuses operands that are not objects or JSON strings of objects', () => {
  for (const operand of [undefined, null, 42, '', 'Beijing', '["Beijing"]', '"x"', 'null', '{bad json}', ['Beijing'], true]) {
    const v = validateRule({ id: '3', selected_operator: 5, operand }, 'rules[0]');
    assert.deepEqual(v.map((x) => x.field), ['rules[0].operand'], JSON.stringify(operand));
    assert.match(v[0].description, /object or a JSON string/);
  }
});

test('validateRule refuses operands not of the kind\'s format', () => {
  const bad: [string, number, unknown][] = [
    ['3', 5, { cities: [] }],
    ['3', 5, { cities: 'Beijing' }],
    ['3', 5, { cities: [''] }],
    ['3', 5, { cities: [1] }],
    ['3', 5, { city: ['Beijing'] }],
    ['9', 5, { sources: [2] }],
    ['9', 5, { sources: ['0'] }],
    ['10', 5, { languages: ['fr_fr'] }],
    ['10', 5, { languages: ['ZH_CN'] }],
    ['11', 8, { users: [OU_A] }],
    ['11', 8, { users: [{ id: '' }] }],
    ['11', 8, { users: [{ name: 'A' }] }],
    ['12', 8, { selected_departments: [{ id: 'od-it', name: 5 }] }],
    ['12', 8, { departments: [{ id: 'od-it' }] }],
    ['14', 8, { categories: [{ id: 7 }] }],
    ['15', 8, { categories: ['c1'] }],
    ['16', 8, '{"categories":[]}'],
    ['17', 2, { level: '3' }],
    ['17', 2, { level: null }],
    ['17', 2, '{"level":"high"}'],
    ['17', 2, { levels: 3 }],
  ];
  for (const [id, op, operand] of bad) {
    const v = validateRule({ id, selected_operator: op, operand }, 'rules[0]');
    assert.deepEqual(v.map((x) => x.field), ['rules[0].operand'], `${id} ${JSON.stringify(operand)}`);
    assert.equal(v[0].value, operand, 'the operand is reported as given');
  }
  const v = validateRule({ id: '12', selected_operator: 8, operand: { selected_departments: [{ id: 'a' }, { id: '' }] } }, 'rules[0]');
  assert.match(v[0].description, /selected_departments\[1\]/);
});

test('validateRule checks operator_options only for shape, and reports every fault at once', () => {
  const ok = { cities: ['Beijing'] };
  assert.deepEqual(validateRule({ id: '3', selected_operator: 5, operator_options: [5, 6], operand: ok }, 'r'), []);
  assert.deepEqual(validateRule({ id: '3', selected_operator: 5, operator_options: [7, 8], operand: ok }, 'r'), []);
  assert.deepEqual(validateRule({ id: '3', selected_operator: 5, operator_options: '5,6', operand: ok }, 'r').map((x) => x.field), ['r.operator_options']);
  assert.deepEqual(
    validateRule({ id: '3', selected_operator: 8, operator_options: [1.5], operand: {} }, 'rules[4]').map((x) => x.field),
    ['rules[4].selected_operator', 'rules[4].operator_options', 'rules[4].operand'],
  );
});
