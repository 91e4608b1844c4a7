import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryTree, depthOf, heightOf, isWithin, plainTextOf, readRichtext, richtextImageKeys } from '../../src/domain/knowledge-base.js';

test('rich text: a string of JSON or an array; each item checked and named', () => {
  const items = [{ content: 'Hi', type: 'text' }, { content: '', type: 'line break' }, { content: 'img_1', type: 'img' }, { content: 'https://x.example', type: 'hyperlink' }];
  assert.deepEqual(readRichtext(JSON.stringify(items)), { ok: true, items });
  assert.deepEqual(readRichtext(items), { ok: true, items });
  assert.deepEqual(readRichtext(''), { ok: true, items: [] });
  const bad = (input: unknown) => {
    const read = readRichtext(input);
    return read.ok ? undefined : read.violation.field;
  };
  assert.equal(bad('{'), 'faq.answer_richtext');
  assert.equal(bad({ content: 'x' }), 'faq.answer_richtext');
  assert.equal(bad([1]), 'faq.answer_richtext[0]');
  assert.equal(bad([{ content: 'x', type: 'video' }]), 'faq.answer_richtext[0].type');
  assert.equal(bad([{ content: 'x', type: 'text' }, { content: 3, type: 'text' }]), 'faq.answer_richtext[1].content');
  assert.equal(bad([{ type: 'img' }]), 'faq.answer_richtext[0].content');
});

test('rich text read as plain text, and its images', () => {
  const items = readRichtext([{ content: 'Step one ', type: 'text' }, { content: '', type: 'line break' }, { content: 'img_a', type: 'img' }, { content: 'see https://x', type: 'text' }, { content: 'img_a', type: 'img' }]);
  assert.ok(items.ok);
  assert.equal(plainTextOf(items.items), 'Step one\nsee https://x');
  assert.deepEqual(richtextImageKeys(items.items), ['img_a']);
});

test('the category tree: depth, height, ancestry, and the nested list', () => {
  const links = [
    { category_id: 'a', parent_id: '0' },
    { category_id: 'b', parent_id: 'a' },
    { category_id: 'c', parent_id: 'b' },
    { category_id: 'd', parent_id: '0' },
  ];
  const byId = new Map(links.map((l) => [l.category_id, l]));
  assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => depthOf(id, byId)), [1, 2, 3, 1]);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => heightOf(id, links)), [3, 2, 1, 1]);
  assert.equal(isWithin('c', 'a', byId), true);
  assert.equal(isWithin('a', 'c', byId), false);
  assert.equal(isWithin('a', 'a', byId), true);
  const cyclic = new Map([['x', { category_id: 'x', parent_id: 'y' }], ['y', { category_id: 'y', parent_id: 'x' }]]);
  assert.equal(depthOf('x', cyclic), Infinity);
  assert.deepEqual(categoryTree(links), [
    { category_id: 'a', parent_id: '0', children: [{ category_id: 'b', parent_id: 'a', children: [{ category_id: 'c', parent_id: 'b' }] }] },
    { category_id: 'd', parent_id: '0' },
  ]);
  // A child whose parent was filtered out (another language) is listed as a root.
  assert.deepEqual(categoryTree(links.slice(1, 2)), [{ category_id: 'b', parent_id: 'a' }]);
});
