// When agents come on duty: the instants a schedule slot starts. A queued ticket can be placed at such an instant
// with no request arriving, so the timers look for them between two runs.
import { expandWeekday, parseTime, type ScheduleSlot } from './schedule.js';
import { localWeekdayMinute, type LocalWeekdayMinute } from './schedule-status.js';

const MINUTE = 60_000;
const MINUTES_PER_WEEK = 7 * 1440;
/** Zone offsets and their switches fall on quarter hours of UTC, so local time is read afresh at each one. */
const REREAD_EVERY = 15;

/** The local (weekday, minute) keys at which a slot of any of the schedules starts. */
function startKeys(schedules: readonly (readonly ScheduleSlot[])[]): Set<number> {
  const keys = new Set<number>();
  for (const schedule of schedules) {
    for (const slot of schedule) {
      const start = parseTime(slot.start_time);
      if (start === null || start >= 1440) continue;
      for (const day of expandWeekday(slot.weekday)) keys.add((day - 1) * 1440 + start);
    }
  }
  return keys;
}

function key(at: LocalWeekdayMinute): number {
  return (at.weekday - 1) * 1440 + at.minute;
}

/**
 * The whole-minute instants in (fromMs, toMs] at which some slot of the schedules starts in `timeZone`, ascending.
 * A start that a daylight-saving jump skips (02:30 on a spring-forward night) is not among them.
 */
export function slotStartsBetween(schedules: readonly (readonly ScheduleSlot[])[], fromMs: number, toMs: number, timeZone: string): number[] {
  const keys = startKeys(schedules);
  const out: number[] = [];
  if (keys.size === 0 || toMs <= fromMs) return out;
  let t = Math.floor(fromMs / MINUTE) * MINUTE + MINUTE;
  let local = key(localWeekdayMinute(t, timeZone));
  for (; t <= toMs; t += MINUTE) {
    if ((t / MINUTE) % REREAD_EVERY === 0) local = key(localWeekdayMinute(t, timeZone));
    if (keys.has(local)) out.push(t);
    local = (local + 1) % MINUTES_PER_WEEK;
  }
  return out;
}
