// GET /tickets' bytes are encoded ticket by ticket into a buffer kept between answers: each answer must be its own
// copy (the read cache keeps it while later answers are written), and whole UTF-8 whatever the characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyReply } from 'fastify';
import { ok } from '../../../../../../src/platform/envelope.js';
import { ListTicketsAnswer } from '../../../../../../src/schemas/tickets.js';
import { listAnswerBytes } from '../../../../../../src/routes/open-apis/helpdesk/v1/tickets/list-answer.js';
import { schemaSerialiser } from '../../../../../support/schema-serialiser.js';

const reply = async () => ({ serialize: await schemaSerialiser(ListTicketsAnswer) }) as unknown as FastifyReply;
const ticket = (id: string, name: string) => JSON.stringify({ ticket_id: id, guest: { id: 'ou_1', name } });
const expected = (total: number, tickets: string[]) => Buffer.from(`{"code":0,"msg":"success","data":{"total":${total},"tickets":[${tickets.join(',')}]}}`);

test('the envelope around the tickets, in UTF-8, names outside Latin-1 and astral characters included', async () => {
  const r = await reply();
  for (const tickets of [[], [ticket('1', 'Zhang San')], [ticket('1', 'Zhang San'), ticket('2', '张三 😀'), ticket('3', 'Ünal')]]) {
    assert.deepEqual(listAnswerBytes(r, { total: 7, tickets }), expected(7, tickets));
  }
  assert.deepEqual(JSON.parse(listAnswerBytes(r, { total: 1, tickets: [ticket('2', '张三 😀')] }).toString()).data.tickets[0].guest.name, '张三 😀');
});

test('an answer is not changed by the answers written after it, small or past the kept buffer', async () => {
  const r = await reply();
  const first = [ticket('1', '张三'), ticket('2', 'a'.repeat(1000))];
  const bytes = listAnswerBytes(r, { total: 2, tickets: first });
  const snapshot = Buffer.from(bytes);
  listAnswerBytes(r, { total: 2, tickets: [ticket('9', 'b'.repeat(900)), ticket('8', '李四')] });
  // Some 6 MB of characters: more than a buffer is kept for.
  const huge = Array.from({ length: 200 }, (_, i) => ticket(String(i), '王'.repeat(10_000)));
  assert.deepEqual(listAnswerBytes(r, { total: 200, tickets: huge }), expected(200, huge));
  listAnswerBytes(r, { total: 1, tickets: [ticket('7', 'c'.repeat(5000))] });
  assert.deepEqual(bytes, snapshot);
  assert.deepEqual(bytes, expected(2, first));
});
