import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueryString } from '../../src/platform/query-string.js';
import { bearerToken, parseHelpdeskHeader } from '../../src/platform/helpdesk-header.js';

test('repeated keys and bracketed keys parse to the same arrays; one value stays a scalar', () => {
  assert.deepEqual({ ...parseQueryString('status=1&status=2') }, { status: ['1', '2'] });
  assert.deepEqual({ ...parseQueryString('status%5B%5D=1&status%5B%5D=2') }, { status: ['1', '2'] });
  assert.deepEqual({ ...parseQueryString('status[]=1&status=2') }, { status: ['1', '2'] });
  assert.deepEqual({ ...parseQueryString('status=1') }, { status: '1' });
});

test('UTF-8 percent-encoding, plus signs and empty values', () => {
  assert.deepEqual({ ...parseQueryString('guest_name=%E5%BC%A0%E4%B8%89&tags=a+b&tags=a%20b&empty=&bare') }, {
    guest_name: '张三',
    tags: ['a b', 'a b'],
    empty: '',
    bare: '',
  });
});

test('a malformed escape is kept literally, and __proto__ is only a key', () => {
  const parsed = parseQueryString('page=%zz&__proto__=x&constructor=y');
  assert.equal(parsed.page, '%zz');
  assert.equal(parsed.__proto__, 'x');
  assert.equal(Object.getPrototypeOf(parsed), null);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('the helpdesk header is read with and without Bearer, and refused when malformed', () => {
  const value = Buffer.from('123:tok:with:colons').toString('base64');
  assert.deepEqual(parseHelpdeskHeader(`Bearer ${value}`), { helpdesk_id: '123', helpdesk_token: 'tok:with:colons' });
  assert.deepEqual(parseHelpdeskHeader(value), { helpdesk_id: '123', helpdesk_token: 'tok:with:colons' });
  for (const bad of [undefined, '', 'Bearer ', '!!!', Buffer.from('no-colon').toString('base64'), Buffer.from(':x').toString('base64'), Buffer.from('x:').toString('base64'), 'a'.repeat(5000)]) {
    assert.equal(parseHelpdeskHeader(bad), undefined, String(bad).slice(0, 20));
  }
  assert.equal(bearerToken('Bearer t-abc'), 't-abc');
  assert.equal(bearerToken('bearer t-abc'), 't-abc');
  assert.equal(bearerToken('t-abc'), undefined);
  assert.equal(bearerToken('Bearer a b'), undefined);
});
