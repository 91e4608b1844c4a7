// An agent's weekly schedule: slots of local wall-clock time in the helpdesk's time zone.
// Validation lives here so that POST /agent_schedules, PATCH /agents/:id/schedules and the console refuse the same
// things with the same field paths.
import type { FieldViolation } from './field-violation.js';

/** 1..7 = Monday..Sunday; 9 = every day, 10 = Monday to Friday, 11 = Saturday and Sunday (Feishu's numbering; 8 unused). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 9 | 10 | 11;

export interface ScheduleSlot {
  weekday: number;
  start_time: string;
  end_time: string;
}

export type ScheduleValidation =
  | { ok: true; slots: ScheduleSlot[] }
  | { ok: false; violations: FieldViolation[] };

export const MINUTES_PER_DAY = 1440;

const EVERY_DAY: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7]);
const WORKDAYS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);
const WEEKEND: readonly number[] = Object.freeze([6, 7]);
const SINGLE_DAYS: readonly (readonly number[])[] = EVERY_DAY.map((d) => Object.freeze([d]));

export function isWeekday(w: unknown): w is Weekday {
  return Number.isInteger(w) && ((w as number) >= 1 && (w as number) <= 7 || w === 9 || w === 10 || w === 11);
}

/**
 * The days (1..7, Monday = 1) a weekday code stands for; [] for a code that is not a weekday.
 * The arrays are shared and frozen: statusAt calls this per slot on a hot path.
 */
export function expandWeekday(w: number): readonly number[] {
  if (w === 9) return EVERY_DAY;
  if (w === 10) return WORKDAYS;
  if (w === 11) return WEEKEND;
  if (Number.isInteger(w) && w >= 1 && w <= 7) return SINGLE_DAYS[w - 1];
  return [];
}

/**
 * "HH:MM" to minutes since local midnight, 0..1440 ("24:00" = 1440, the end of the day); null when malformed.
 * Strict two-digit form so that stored schedules compare and display exactly as given.
 */
export function parseTime(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 5 || s.charCodeAt(2) !== 58 /* : */) return null;
  // charCodeAt arithmetic instead of split/regex: statusAt parses every slot on each call, without allocating.
  const h1 = digit(s, 0), h2 = digit(s, 1), m1 = digit(s, 3), m2 = digit(s, 4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return null;
  const hours = h1 * 10 + h2;
  const minutes = m1 * 10 + m2;
  if (minutes > 59) return null;
  const total = hours * 60 + minutes;
  return total <= MINUTES_PER_DAY ? total : null;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Checks a schedule as received from a client. `path` prefixes every field path (default "schedule", so a bad end
 * time reads "schedule[2].end_time"); POST /agent_schedules passes e.g. "agent_schedules[0].schedule".
 * Every fault is reported, not only the first, so a client can fix a request in one round trip.
 */
export function validateSchedule(slots: unknown, path = 'schedule'): ScheduleValidation {
  if (!Array.isArray(slots)) {
    return { ok: false, violations: [{ field: path, value: slots, description: 'schedule must be an array of slots' }] };
  }
  const violations: FieldViolation[] = [];
  const valid: { index: number; days: readonly number[]; start: number; end: number }[] = [];
  const out: ScheduleSlot[] = [];

  slots.forEach((slot: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof slot !== 'object' || slot === null || Array.isArray(slot)) {
      violations.push({ field: at, value: slot, description: 'slot must be an object {weekday, start_time, end_time}' });
      return;
    }
    const { weekday, start_time, end_time } = slot as Record<string, unknown>;
    const before = violations.length;
    if (!isWeekday(weekday)) {
      violations.push({
        field: `${at}.weekday`,
        value: weekday,
        description: 'weekday must be an integer 1-7 (Monday-Sunday), 9 (every day), 10 (Monday-Friday) or 11 (weekend)',
      });
    }
    const start = parseTime(start_time);
    if (start === null) {
      violations.push({ field: `${at}.start_time`, value: start_time, description: 'start_time must be "HH:MM" from 00:00 to 23:59' });
    } else if (start === MINUTES_PER_DAY) {
      violations.push({ field: `${at}.start_time`, value: start_time, description: '24:00 is allowed only as end_time' });
    }
    const end = parseTime(end_time);
    if (end === null) {
      violations.push({ field: `${at}.end_time`, value: end_time, description: 'end_time must be "HH:MM" from 00:01 to 24:00' });
    } else if (start !== null && start < MINUTES_PER_DAY && end <= start) {
      // A slot running past midnight must be given as two slots: one ending 24:00, one starting 00:00.
      violations.push({ field: `${at}.end_time`, value: end_time, description: 'end_time must be later than start_time' });
    }
    if (violations.length > before) return;

    const s = { index: i, days: expandWeekday(weekday as number), start: start as number, end: end as number };
    // Only a well-formed slot is checked for overlap; the earlier slot is kept and the later one named, so the
    // message points at the slot the client most likely just added.
    const clash = valid.find((o) => o.start < s.end && s.start < o.end && o.days.some((d) => s.days.includes(d)));
    if (clash) {
      const day = clash.days.find((d) => s.days.includes(d)) as number;
      violations.push({
        field: at,
        value: slot,
        description: `slot overlaps ${path}[${clash.index}] on ${DAY_NAMES[day - 1]}`,
      });
      return;
    }
    valid.push(s);
    out.push({ weekday: weekday as number, start_time: start_time as string, end_time: end_time as string });
  });

  return violations.length > 0 ? { ok: false, violations } : { ok: true, slots: out };
}
