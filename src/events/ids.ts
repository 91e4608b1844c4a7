// The ids Feishu's events and messages carry, made here so every writer shapes them the same way.
import { randomBytes, randomUUID } from 'node:crypto';

/** header.event_id: 32 lowercase hex. */
export const newEventId = (): string => randomBytes(16).toString('hex');

/** The UUID in a ticket_message.created_v1 body (what answer_user_query takes). */
export const newMessageEventId = (): string => randomUUID();

/** om_ + 32 hex: an IM message id. */
export const newMessageId = (): string => `om_${randomBytes(16).toString('hex')}`;

/** oc_ + 32 hex: a chat id. */
export const newChatId = (): string => `oc_${randomBytes(16).toString('hex')}`;

/** A 19-digit numeric id like Feishu's ticket and ticket message ids, starting with 7. */
export function newNumericId(): string {
  const digits = randomBytes(18).reduce((s, b) => s + (b % 10), '');
  return `7${digits}`;
}
