// An agent's current status. "Off duty" (3) is derived, never stored: it depends on the instant and the helpdesk's
// time zone, so storing it would go stale on the next minute. Every reader (GET /agent_schedules, routing, the
// console) calls statusAt with the same "now" so they agree.

import { expandWeekday, parseTime, type ScheduleSlot } from './schedule.js';

export type StoredAgentStatus = 1 | 2 | 4;
/** 1 online, 2 offline (set by hand), 3 off duty (derived), 4 removed. */
export type AgentStatus = 1 | 2 | 3 | 4;

export interface LocalWeekdayMinute {
  /** 1..7, Monday = 1 (the schedule's numbering, not Date#getDay's). */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
}

// Building an Intl.DateTimeFormat costs far more than using one, and statusAt runs for every agent of every
// listing and routing decision; the set of IANA zones is small and fixed, so the cache needs no eviction.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: with hour12:false some ICU versions print midnight as "24".
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_NUMBER: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** True when Intl knows the zone; lets callers refuse a bad helpdesk time zone up front instead of at statusAt. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The local weekday and minute of day of an instant in an IANA time zone. Seconds are dropped (a slot boundary is a
 * whole minute, so 08:59:59.999 is still before 09:00). Throws RangeError for an unknown zone or an invalid instant.
 */
export function localWeekdayMinute(instantMs: number, timeZone: string): LocalWeekdayMinute {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type === 'weekday') weekday = WEEKDAY_NUMBER[part.value];
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minute: hour * 60 + minute };
}

/**
 * Whether the schedule covers a local weekday/minute: start inclusive, end exclusive, "24:00" = end of the day.
 * Slots are local wall-clock time, so across a DST switch a slot covers the hour that does not exist never, and the
 * repeated hour twice: an agent working 01:00-02:00 on fall-back night in New York is on duty for both 01:xx hours.
 * A malformed stored slot covers nothing (it cannot have passed validateSchedule; better off duty than on by accident).
 */
export function scheduleCovers(schedule: readonly ScheduleSlot[], at: LocalWeekdayMinute): boolean {
  for (const slot of schedule) {
    const start = parseTime(slot.start_time);
    const end = parseTime(slot.end_time);
    if (start === null || end === null) continue;
    if (start <= at.minute && at.minute < end && expandWeekday(slot.weekday).includes(at.weekday)) return true;
  }
  return false;
}

/**
 * The status an agent shows at an instant. Removed (4) stays removed and offline-by-hand (2) wins over the
 * schedule; an online agent (1) is off duty (3) unless a slot covers the instant in `timeZone`. No schedule, or an
 * empty one, means off duty: nobody is routed work outside hours the helpdesk never gave them.
 */
export function statusAt(
  storedStatus: StoredAgentStatus,
  schedule: readonly ScheduleSlot[] | null | undefined,
  instantMs: number,
  timeZone: string,
): AgentStatus {
  if (storedStatus === 4 || storedStatus === 2) return storedStatus;
  if (!schedule || schedule.length === 0) return 3;
  return statusAtLocal(storedStatus, schedule, localWeekdayMinute(instantMs, timeZone));
}

/**
 * statusAt for a local weekday and minute already worked out: routing judges hundreds of agents at one instant,
 * and turning the instant into local time costs more than all their schedules together.
 */
export function statusAtLocal(
  storedStatus: StoredAgentStatus,
  schedule: readonly ScheduleSlot[] | null | undefined,
  at: LocalWeekdayMinute,
): AgentStatus {
  if (storedStatus === 4 || storedStatus === 2) return storedStatus;
  if (!schedule || schedule.length === 0) return 3;
  return scheduleCovers(schedule, at) ? 1 : 3;
}
