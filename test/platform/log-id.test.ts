import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newLogId } from '../../src/platform/log-id.js';

test('log ids are a UTC timestamp and 18 upper-case hex digits, and do not repeat across random blocks', () => {
  const before = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const ids = Array.from({ length: 5000 }, () => newLogId());
  const after = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  for (const id of ids) {
    assert.match(id, /^\d{14}[0-9A-F]{18}$/);
    assert.ok(id.slice(0, 14) >= before && id.slice(0, 14) <= after, id);
  }
  assert.equal(new Set(ids.map((id) => id.slice(14))).size, ids.length);
});
