// The ids a ticket change writes (tickets, messages, chats) take their random bytes from a shared block: each keeps
// Feishu's shape, and none repeats when the block is filled again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newChatId, newMessageId, newNumericId } from '../../src/events/ids.js';

test('ticket and message ids are 19 digits starting with 7, IM ids om_/oc_ and 32 hex; none repeats across random blocks', () => {
  // 3,000 of each draw 150,000 bytes: the 4 KiB block is filled again some 36 times.
  const numeric = Array.from({ length: 3000 }, () => newNumericId());
  const messages = Array.from({ length: 3000 }, () => newMessageId());
  const chats = Array.from({ length: 3000 }, () => newChatId());
  for (const id of numeric) assert.match(id, /^7\d{18}$/);
  for (const id of messages) assert.match(id, /^om_[0-9a-f]{32}$/);
  for (const id of chats) assert.match(id, /^oc_[0-9a-f]{32}$/);
  for (const ids of [numeric, messages, chats]) assert.equal(new Set(ids).size, ids.length);
  // Every digit turns up in every position after the leading 7: the bytes are not stuck.
  for (let position = 1; position < 19; position++) assert.equal(new Set(numeric.map((id) => id[position])).size, 10, `position ${position}`);
});
