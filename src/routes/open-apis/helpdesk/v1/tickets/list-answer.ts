// The bytes of GET /tickets' answer: the envelope as the route's own schema writes it, each ticket's JSON as
// domain/ticket-json.ts writes it (the same bytes), each encoded to UTF-8 on its own into one reused buffer.
// A page of 50 tickets is some 70,000 characters. Joined first, they made one string that is two bytes a character
// as soon as one name is outside Latin-1, and flattening and encoding it cost 1.0 ms of CPU (V8 places strings over
// 128 KB in its large-object space); encoded in pieces of 16,000 characters 0.19 ms; each ticket encoded on its own
// 0.11 ms (docs/benchmarks.md): a ticket that names nobody outside Latin-1 stays one byte a character, and the
// thousands of pieces of a page are never gathered into one string.
import type { FastifyReply } from 'fastify';
import { ok } from '../../../../../platform/envelope.js';

const ENVELOPE_END = '"tickets":[]}}';
/** The most bytes a buffer kept between answers may hold: a page larger than this gets a buffer of its own. */
const MAX_KEPT_BYTES = 4 << 20;
let kept = Buffer.allocUnsafeSlow(1 << 16);

export function listAnswerBytes(reply: FastifyReply, answer: { total: number; tickets: readonly string[] }): Buffer {
  // The envelope as the route's schema writes it, with the tickets left out; they go between its brackets.
  const envelope = reply.serialize(ok({ total: answer.total, tickets: [] })) as string;
  if (!envelope.endsWith(ENVELOPE_END)) throw new Error(`unexpected list envelope: ${envelope}`);
  const cut = envelope.length - 3;
  // UTF-8 takes at most three bytes for each UTF-16 unit.
  let most = envelope.length * 3;
  for (const ticket of answer.tickets) most += ticket.length * 3 + 1;
  let buffer = kept;
  if (buffer.length < most) {
    buffer = Buffer.allocUnsafeSlow(most);
    if (most <= MAX_KEPT_BYTES) kept = buffer;
  }
  let n = buffer.write(envelope.slice(0, cut), 0);
  answer.tickets.forEach((ticket, i) => {
    if (i > 0) buffer[n++] = 0x2c; // ,
    n += buffer.write(ticket, n);
  });
  n += buffer.write(envelope.slice(cut), n);
  // A copy of the bytes written: the answer may be kept by the read cache, the buffer is written again next time.
  // Copied natively: Buffer.from(buffer.subarray(...)) copies byte by byte in JavaScript (Node 20's fromArrayLike),
  // 5.6 % of the server's CPU on the filtered list.
  const bytes = Buffer.allocUnsafe(n);
  buffer.copy(bytes, 0, 0, n);
  return bytes;
}

/** GET /tickets/:ticket_id's answer around the ticket's JSON: {code, msg, data: {ticket}} as GetTicketAnswer writes it. */
export function ticketAnswerBytes(ticket: string): Buffer {
  return Buffer.from(`{"code":0,"msg":"success","data":{"ticket":${ticket}}}`);
}
