import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { slotStartsBetween } from '../../src/domain/schedule-boundaries.js';
import { localWeekdayMinute } from '../../src/domain/schedule-status.js';
import type { ScheduleSlot } from '../../src/domain/schedule.js';

/** Every minute of the range, its local time read on its own. */
function reference(schedules: ScheduleSlot[][], from: number, to: number, zone: string): number[] {
  const days = (w: number) => (w === 9 ? [1, 2, 3, 4, 5, 6, 7] : w === 10 ? [1, 2, 3, 4, 5] : w === 11 ? [6, 7] : [w]);
  const out: number[] = [];
  for (let t = Math.ceil((from + 1) / 60_000) * 60_000; t <= to; t += 60_000) {
    const local = localWeekdayMinute(t, zone);
    const hhmm = `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`;
    if (schedules.some((s) => s.some((slot) => slot.start_time === hhmm && days(slot.weekday).includes(local.weekday)))) out.push(t);
  }
  return out;
}

const time = fc.integer({ min: 0, max: 23 * 60 + 59 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const slot = fc.record({ weekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 9, 10, 11), start_time: time, end_time: fc.constant('24:00') });
// Ranges around the zones' daylight-saving switches in 2026 as well as ordinary days.
const anchor = fc.constantFrom(
  Date.UTC(2026, 2, 8, 6), Date.UTC(2026, 10, 1, 5), Date.UTC(2026, 3, 5, 15, 30), Date.UTC(2026, 9, 4, 15), Date.UTC(2026, 0, 7, 12),
);

test('slotStartsBetween finds exactly the minutes at which a slot starts, across zones and DST switches', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(slot, { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
      anchor,
      fc.integer({ min: -86_400_000, max: 86_400_000 }),
      fc.integer({ min: 0, max: 2 * 86_400_000 }),
      fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'),
      (schedules, at, shift, span, zone) => {
        const from = at + shift;
        assert.deepEqual(slotStartsBetween(schedules, from, from + span, zone), reference(schedules, from, from + span, zone));
      },
    ),
    { numRuns: 150 },
  );
});

test('a slot starting 09:00 on weekdays starts five times in a Shanghai week', () => {
  const monday = Date.UTC(2026, 10, 23, 0); // Monday 08:00 in Shanghai
  const starts = slotStartsBetween([[{ weekday: 10, start_time: '09:00', end_time: '18:00' }]], monday, monday + 7 * 86_400_000, 'Asia/Shanghai');
  assert.deepEqual(starts.map((t) => new Date(t).toISOString()), [23, 24, 25, 26, 27].map((d) => `2026-11-${d}T01:00:00.000Z`));
});
