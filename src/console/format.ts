// How the console writes Feishu's numbers for people: statuses, times in the helpdesk's zone, message text.
import type { MessageView } from '../services/messages-service.js';

export const STATUS_NAMES: Record<number, string> = {
  1: 'Created',
  2: 'Processing',
  3: 'Queued',
  4: 'Pending',
  5: 'Waiting for the user',
  50: 'Closed by the bot',
  51: 'Closed by an agent',
  52: 'Closed by the guest',
};

export const statusName = (status: number): string => STATUS_NAMES[status] ?? `Status ${status}`;

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant (ms) as the helpdesk's clock shows it: "25 Nov 2026, 10:00". */
export function localTime(ms: number | undefined, timeZone: string): string {
  if (ms === undefined || ms <= 0) return '';
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })));
  return format.format(ms);
}

/** The words of a message as GET messages answers it (content is {msg_type, content | image_key} as JSON text). */
export function messageText(m: MessageView): string {
  try {
    const parsed = JSON.parse(m.content) as { msg_type?: string; content?: unknown };
    if (parsed.msg_type === 'image') return '(image)';
    if (typeof parsed.content === 'string') return parsed.content;
    return '(rich text)';
  } catch {
    return m.content;
  }
}

/** The instant a calendar day ("2026-11-25") starts in a time zone, in ms; end of day with `endOfDay`. */
export function dayStartIn(day: string, timeZone: string, endOfDay = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (endOfDay ? 1 : 0));
  // The zone's offset at that wall-clock time, found from what the zone's clock reads at the UTC instant.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(utc)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return utc - (wall - utc) - (endOfDay ? 1 : 0);
}
