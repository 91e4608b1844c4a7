import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feishuMessageContent, parseContent } from '../../src/domain/message-content.js';

test('text, post and image content, as a JSON string or an object, and the text a reader sees', () => {
  assert.deepEqual(parseContent('text', '{"text":"hi"}'), { ok: true, content: { text: 'hi' }, text: 'hi' });
  assert.deepEqual(parseContent('text', { text: 'hi' }), { ok: true, content: { text: 'hi' }, text: 'hi' });
  const post = { post: { zh_cn: { title: 'T', content: [[{ tag: 'text', text: 'a' }, { tag: 'a', text: 'b', href: 'https://x' }], [{ tag: 'img', image_key: 'k' }]] } } };
  const parsed = parseContent('post', JSON.stringify(post));
  assert.ok(parsed.ok);
  assert.equal(parsed.text, 'T\nab\n[image]');
  const bare = parseContent('post', { en_us: { content: [[{ tag: 'text', text: 'only' }]] } });
  assert.ok(bare.ok && bare.text === 'only');
  assert.deepEqual(parseContent('image', { image_key: 'img_1' }), { ok: true, content: { image_key: 'img_1' }, text: '[image]' });
});

test('bad content is refused with a reason', () => {
  for (const [type, content] of [['text', 'not json'], ['text', '[1]'], ['text', { text: '  ' }], ['post', { zh_cn: { title: 'no content' } }], ['image', {}], ['file', { x: 1 }]] as const) {
    const r = parseContent(type, content);
    assert.equal(r.ok, false, `${type} ${JSON.stringify(content)}`);
  }
});

test("GET messages' content: a JSON string {msg_type, content}", () => {
  assert.equal(feishuMessageContent('text', { text: 'hi' }, 'hi'), '{"msg_type":"text","content":"hi"}');
  assert.equal(feishuMessageContent('image', { image_key: 'k' }, '[image]'), '{"msg_type":"image","image_key":"k"}');
  assert.equal(feishuMessageContent('post', { post: { zh_cn: { content: [] } } }, ''), '{"msg_type":"post","content":{"zh_cn":{"content":[]}}}');
});
