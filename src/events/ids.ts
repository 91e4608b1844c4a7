// The ids Feishu's events and messages carry, made here so every writer shapes them the same way.
import { randomFillSync, randomUUID } from 'node:crypto';

/** header.event_id: 32 lowercase hex. */
export const newEventId = (): string => randomHex(16);

/** The UUID in a ticket_message.created_v1 body (what answer_user_query takes). */
export const newMessageEventId = (): string => randomUUID();

/** om_ + 32 hex: an IM message id. */
export const newMessageId = (): string => `om_${randomHex(16)}`;

/** oc_ + 32 hex: a chat id. */
export const newChatId = (): string => `oc_${randomHex(16)}`;

// Ids a delivery makes by the thousand a second (attempt, message and trace ids, log ids) come from a block of
// random bytes filled 4 KiB at a time: a call into OpenSSL for each id was a tenth of the long connection's
// dispatcher time (docs/benchmarks.md, "Event delivery"). The write path's ticket, message and chat ids too: a
// buffer and a call for each were 1.6 % of a whole ticket life's busy thread ("Whole ticket lives").
const block = Buffer.alloc(4096);
let used = block.length;

function take(bytes: number): number {
  if (used + bytes > block.length) {
    randomFillSync(block);
    used = 0;
  }
  used += bytes;
  return used - bytes;
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  return block.toString('hex', at, at + bytes);
}

/** A random whole number under 2^48. */
export function randomUint48(): number {
  return block.readUIntBE(take(6), 6);
}

/** A 19-digit numeric id like Feishu's ticket and ticket message ids, starting with 7. */
export function newNumericId(): string {
  const at = take(18);
  let id = '7';
  for (let i = at; i < at + 18; i++) id += block[i] % 10;
  return id;
}
