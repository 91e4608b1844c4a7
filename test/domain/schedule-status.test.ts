import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidTimeZone, localWeekdayMinute, statusAt } from '../../src/domain/schedule-status.js';
import type { ScheduleSlot } from '../../src/domain/schedule.js';

// ---------------------------------------------------------------------------------------------------------------
// Reference 1: local time from the zones' written rules, without Intl at all. Valid for 2010..2035 (US rules since
// 2007, EU rules since 1996, China and India without DST since 1991 and 1945).
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Day of month of the n-th (1-based) Sunday of a month, or the last Sunday when n = -1. */
function sunday(year: number, month0: number, n: number): number {
  if (n > 0) {
    const firstDow = new Date(Date.UTC(year, month0, 1)).getUTCDay(); // 0 = Sunday
    return 1 + ((7 - firstDow) % 7) + 7 * (n - 1);
  }
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
  const lastDow = new Date(Date.UTC(year, month0, lastDay)).getUTCDay();
  return lastDay - lastDow;
}

/** The instants (UTC ms) a zone switches to and from summer time in a year; null for zones without DST. */
function dstSwitches(zone: string, year: number): { on: number; off: number } | null {
  if (zone === 'America/New_York') {
    // 02:00 EST (UTC-5) on the second Sunday of March; 02:00 EDT (UTC-4) on the first Sunday of November.
    return { on: Date.UTC(year, 2, sunday(year, 2, 2), 7), off: Date.UTC(year, 10, sunday(year, 10, 1), 6) };
  }
  if (zone === 'Europe/Berlin') {
    // 01:00 UTC on the last Sunday of March and of October.
    return { on: Date.UTC(year, 2, sunday(year, 2, -1), 1), off: Date.UTC(year, 9, sunday(year, 9, -1), 1) };
  }
  return null;
}

function offsetMinutes(zone: string, ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const sw = dstSwitches(zone, year);
  const summer = sw !== null && ms >= sw.on && ms < sw.off;
  switch (zone) {
    case 'UTC': return 0;
    case 'Asia/Shanghai': return 480;
    case 'Asia/Kolkata': return 330;
    case 'America/New_York': return summer ? -240 : -300;
    case 'Europe/Berlin': return summer ? 120 : 60;
    default: throw new Error(`no written rules for ${zone}`);
  }
}

function ruleLocal(ms: number, zone: string): { weekday: number; minute: number } {
  const d = new Date(ms + offsetMinutes(zone, ms) * MIN);
  return { weekday: ((d.getUTCDay() + 6) % 7) + 1, minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

// Reference 2, for zones without written rules here: the local calendar date and clock read from toLocaleString
// (numeric fields only), the weekday computed from that date by Date.UTC, not by Intl.
function localeLocal(ms: number, zone: string): { weekday: number; minute: number } {
  const s = new Date(ms).toLocaleString('en-US', {
    timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
  });
  const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+)$/.exec(s);
  assert.ok(m, `unexpected locale string ${s}`);
  const [, mo, da, yr, hh, mi] = m.map(Number);
  const dow = new Date(Date.UTC(yr, mo - 1, da)).getUTCDay();
  return { weekday: ((dow + 6) % 7) + 1, minute: (hh % 24) * 60 + mi };
}

/** The reference status: its own weekday table and time parsing, a linear scan of the slots. */
const DAYS: Record<number, number[]> = { 1: [1], 2: [2], 3: [3], 4: [4], 5: [5], 6: [6], 7: [7], 9: [1, 2, 3, 4, 5, 6, 7], 10: [1, 2, 3, 4, 5], 11: [6, 7] };
function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
function refStatus(stored: 1 | 2 | 4, schedule: ScheduleSlot[] | null, local: { weekday: number; minute: number }): number {
  if (stored !== 1) return stored;
  const on = (schedule ?? []).some(
    (s) => DAYS[s.weekday].includes(local.weekday) && toMinutes(s.start_time) <= local.minute && local.minute < toMinutes(s.end_time),
  );
  return on ? 1 : 3;
}

// ---------------------------------------------------------------------------------------------------------------
const RULE_ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'UTC', 'Asia/Kolkata'];
const OTHER_ZONES = ['Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Australia/Sydney', 'America/Sao_Paulo'];
const FROM = Date.UTC(2010, 0, 1);
const TO = Date.UTC(2035, 11, 31);

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const slotArb: fc.Arbitrary<ScheduleSlot> = fc
  .record({ weekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 9, 10, 11), start: fc.integer({ min: 0, max: 1439 }), len: fc.integer({ min: 1, max: 1440 }) })
  .map(({ weekday, start, len }) => ({ weekday, start_time: hhmm(start), end_time: hhmm(Math.min(1440, start + len)) }));
const scheduleArb = fc.option(fc.array(slotArb, { maxLength: 6 }), { freq: 8 });
const statusArb = fc.constantFrom<1 | 2 | 4>(1, 1, 1, 2, 4);

/** Instants anywhere in the range, and instants within 3 hours of a DST switch of the zone. */
function instantArb(zone: string): fc.Arbitrary<number> {
  const near = fc
    .record({ year: fc.integer({ min: 2010, max: 2035 }), which: fc.boolean(), delta: fc.integer({ min: -3 * HOUR, max: 3 * HOUR }) })
    .map(({ year, which, delta }) => {
      const sw = dstSwitches(zone, year);
      return sw ? (which ? sw.on : sw.off) + delta : Date.UTC(year, 5, 1) + delta;
    });
  return fc.oneof(fc.integer({ min: FROM, max: TO }), near);
}

test('localWeekdayMinute agrees with the zones\' written rules, 2010-2035, around DST switches too', () => {
  for (const zone of RULE_ZONES) {
    fc.assert(fc.property(instantArb(zone), (ms) => {
      assert.deepEqual(localWeekdayMinute(ms, zone), ruleLocal(ms, zone));
    }), { numRuns: 2000 });
  }
});

test('localWeekdayMinute agrees with toLocaleString in zones with odd offsets and southern DST', () => {
  for (const zone of [...RULE_ZONES, ...OTHER_ZONES]) {
    fc.assert(fc.property(fc.integer({ min: FROM, max: TO }), (ms) => {
      assert.deepEqual(localWeekdayMinute(ms, zone), localeLocal(ms, zone));
    }), { numRuns: 500 });
  }
});

test('the two references agree with each other (so neither is wrong in the same way as the code)', () => {
  for (const zone of RULE_ZONES) {
    fc.assert(fc.property(instantArb(zone), (ms) => {
      assert.deepEqual(ruleLocal(ms, zone), localeLocal(ms, zone));
    }), { numRuns: 300 });
  }
});

test('statusAt equals the reference for random schedules, instants and zones', () => {
  const seen = new Map<number, number>();
  for (const zone of RULE_ZONES) {
    fc.assert(fc.property(statusArb, scheduleArb, instantArb(zone), (stored, schedule, ms) => {
      const got = statusAt(stored, schedule, ms, zone);
      seen.set(got, (seen.get(got) ?? 0) + 1);
      assert.equal(got, refStatus(stored, schedule, ruleLocal(ms, zone)));
    }), { numRuns: 3000 });
  }
  // The property would be hollow if the generators only ever produced one outcome.
  for (const s of [1, 2, 3, 4]) assert.ok((seen.get(s) ?? 0) > 100, `status ${s} seen ${seen.get(s) ?? 0} times`);
});

test('9, 10 and 11 behave exactly as the days they stand for', () => {
  const expansions: [number, number[]][] = [[9, [1, 2, 3, 4, 5, 6, 7]], [10, [1, 2, 3, 4, 5]], [11, [6, 7]]];
  fc.assert(fc.property(
    fc.constantFrom(...expansions), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }),
    fc.constantFrom(...RULE_ZONES), fc.integer({ min: FROM, max: TO }),
    ([code, days], start, len, zone, ms) => {
      const times = { start_time: hhmm(start), end_time: hhmm(Math.min(1440, start + len)) };
      const grouped = statusAt(1, [{ weekday: code, ...times }], ms, zone);
      const expanded = statusAt(1, days.map((weekday) => ({ weekday, ...times })), ms, zone);
      assert.equal(grouped, expanded);
    },
  ), { numRuns: 3000 });
});

// ---------------------------------------------------------------------------------------------------------------
// Hand-picked examples. 2026-03-02 is a Monday.
const at = (iso: string) => Date.parse(iso);
const slot = (weekday: number, start_time: string, end_time: string): ScheduleSlot => ({ weekday, start_time, end_time });

test('weekday codes 9/10/11 on concrete days (UTC)', () => {
  const monNoon = at('2026-03-02T12:00:00Z');
  const satNoon = at('2026-03-07T12:00:00Z');
  assert.equal(statusAt(1, [slot(9, '09:00', '18:00')], monNoon, 'UTC'), 1);
  assert.equal(statusAt(1, [slot(9, '09:00', '18:00')], satNoon, 'UTC'), 1);
  assert.equal(statusAt(1, [slot(10, '09:00', '18:00')], monNoon, 'UTC'), 1);
  assert.equal(statusAt(1, [slot(10, '09:00', '18:00')], satNoon, 'UTC'), 3);
  assert.equal(statusAt(1, [slot(11, '09:00', '18:00')], monNoon, 'UTC'), 3);
  assert.equal(statusAt(1, [slot(11, '09:00', '18:00')], satNoon, 'UTC'), 1);
  assert.equal(statusAt(1, [slot(1, '09:00', '18:00')], monNoon, 'UTC'), 1);
  assert.equal(statusAt(1, [slot(2, '09:00', '18:00')], monNoon, 'UTC'), 3);
});

test('start is inclusive, end exclusive, to the millisecond', () => {
  const s = [slot(1, '09:00', '18:00')];
  assert.equal(statusAt(1, s, at('2026-03-02T08:59:59.999Z'), 'UTC'), 3);
  assert.equal(statusAt(1, s, at('2026-03-02T09:00:00.000Z'), 'UTC'), 1);
  assert.equal(statusAt(1, s, at('2026-03-02T17:59:59.999Z'), 'UTC'), 1);
  assert.equal(statusAt(1, s, at('2026-03-02T18:00:00.000Z'), 'UTC'), 3);
});

test('24:00 is the end of the day, and the next day starts at its own 00:00', () => {
  const late = [slot(1, '22:00', '24:00')];
  assert.equal(statusAt(1, late, at('2026-03-02T23:59:59.999Z'), 'UTC'), 1);
  assert.equal(statusAt(1, late, at('2026-03-03T00:00:00Z'), 'UTC'), 3); // Tuesday 00:00: not Monday's slot
  const allDay = [slot(9, '00:00', '24:00')];
  for (const iso of ['2026-03-02T00:00:00Z', '2026-03-08T23:59:59Z', '2026-03-05T12:34:56Z']) {
    assert.equal(statusAt(1, allDay, at(iso), 'UTC'), 1, iso);
  }
});

test('the time zone decides the local day: Monday 00:00 in Shanghai is Sunday 16:00 UTC', () => {
  const mondayMorning = [slot(1, '00:00', '01:00')];
  assert.equal(statusAt(1, mondayMorning, at('2026-03-01T16:00:00Z'), 'Asia/Shanghai'), 1);
  assert.equal(statusAt(1, mondayMorning, at('2026-03-01T16:00:00Z'), 'UTC'), 3);
  assert.equal(statusAt(1, mondayMorning, at('2026-03-01T15:59:59Z'), 'Asia/Shanghai'), 3);
  // Kolkata is UTC+05:30: 03:30 UTC is 09:00 local.
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-03-02T03:30:00Z'), 'Asia/Kolkata'), 1);
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-03-02T03:29:00Z'), 'Asia/Kolkata'), 3);
});

test('New York spring forward, 2026-03-08: 02:00-03:00 local does not exist', () => {
  const z = 'America/New_York';
  assert.deepEqual(localWeekdayMinute(at('2026-03-08T06:59:00Z'), z), { weekday: 7, minute: 119 }); // 01:59 EST
  assert.deepEqual(localWeekdayMinute(at('2026-03-08T07:00:00Z'), z), { weekday: 7, minute: 180 }); // 03:00 EDT
  const missingHour = [slot(7, '02:00', '03:00')];
  for (let t = at('2026-03-08T04:00:00Z'); t < at('2026-03-08T10:00:00Z'); t += 60_000) {
    assert.equal(statusAt(1, missingHour, t, z), 3);
  }
  assert.equal(statusAt(1, [slot(7, '01:00', '03:00')], at('2026-03-08T06:59:00Z'), z), 1);
  assert.equal(statusAt(1, [slot(7, '01:00', '03:00')], at('2026-03-08T07:00:00Z'), z), 3);
  assert.equal(statusAt(1, [slot(7, '03:00', '04:00')], at('2026-03-08T07:00:00Z'), z), 1);
  // The day before, 09:00 local was 14:00 UTC; the day after, 13:00 UTC.
  assert.equal(statusAt(1, [slot(6, '09:00', '10:00')], at('2026-03-07T14:00:00Z'), z), 1);
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-03-09T13:00:00Z'), z), 1);
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-03-09T12:59:00Z'), z), 3);
});

test('New York fall back, 2026-11-01: 01:00-02:00 local happens twice and is covered twice', () => {
  const z = 'America/New_York';
  const s = [slot(7, '01:00', '02:00')];
  assert.equal(statusAt(1, s, at('2026-11-01T04:59:00Z'), z), 3); // 00:59 EDT
  assert.equal(statusAt(1, s, at('2026-11-01T05:00:00Z'), z), 1); // 01:00 EDT
  assert.equal(statusAt(1, s, at('2026-11-01T05:59:00Z'), z), 1); // 01:59 EDT
  assert.equal(statusAt(1, s, at('2026-11-01T06:00:00Z'), z), 1); // 01:00 EST, again
  assert.equal(statusAt(1, s, at('2026-11-01T06:59:00Z'), z), 1); // 01:59 EST
  assert.equal(statusAt(1, s, at('2026-11-01T07:00:00Z'), z), 3); // 02:00 EST
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-11-02T14:00:00Z'), z), 1); // 09:00 EST
  assert.equal(statusAt(1, [slot(1, '09:00', '10:00')], at('2026-11-02T13:59:00Z'), z), 3);
});

test('Berlin spring forward (2026-03-29) and fall back (2026-10-25)', () => {
  const z = 'Europe/Berlin';
  assert.deepEqual(localWeekdayMinute(at('2026-03-29T00:59:00Z'), z), { weekday: 7, minute: 119 }); // 01:59 CET
  assert.deepEqual(localWeekdayMinute(at('2026-03-29T01:00:00Z'), z), { weekday: 7, minute: 180 }); // 03:00 CEST
  assert.equal(statusAt(1, [slot(7, '02:00', '03:00')], at('2026-03-29T01:00:00Z'), z), 3);
  assert.equal(statusAt(1, [slot(7, '03:00', '04:00')], at('2026-03-29T01:00:00Z'), z), 1);
  const s = [slot(7, '02:00', '03:00')];
  assert.equal(statusAt(1, s, at('2026-10-25T00:30:00Z'), z), 1); // 02:30 CEST
  assert.equal(statusAt(1, s, at('2026-10-25T01:30:00Z'), z), 1); // 02:30 CET, again
  assert.equal(statusAt(1, s, at('2026-10-25T02:00:00Z'), z), 3); // 03:00 CET
  assert.equal(statusAt(1, s, at('2026-10-24T23:59:00Z'), z), 3); // 01:59 CEST
});

test('offline by hand and removed win over the schedule; no or empty schedule is off duty', () => {
  const always = [slot(9, '00:00', '24:00')];
  const never: ScheduleSlot[] = [];
  const t = at('2026-03-02T12:00:00Z');
  assert.equal(statusAt(2, always, t, 'UTC'), 2);
  assert.equal(statusAt(4, always, t, 'UTC'), 4);
  assert.equal(statusAt(2, null, t, 'UTC'), 2);
  assert.equal(statusAt(4, never, t, 'UTC'), 4);
  assert.equal(statusAt(1, always, t, 'UTC'), 1);
  assert.equal(statusAt(1, null, t, 'UTC'), 3);
  assert.equal(statusAt(1, never, t, 'UTC'), 3);
  assert.equal(statusAt(1, [slot(1, '13:00', '14:00')], t, 'UTC'), 3);
});

test('several slots: any one covering the instant is enough', () => {
  const split = [slot(10, '09:00', '12:00'), slot(10, '13:00', '18:00')];
  assert.equal(statusAt(1, split, at('2026-03-04T11:59:00Z'), 'UTC'), 1);
  assert.equal(statusAt(1, split, at('2026-03-04T12:30:00Z'), 'UTC'), 3);
  assert.equal(statusAt(1, split, at('2026-03-04T13:00:00Z'), 'UTC'), 1);
});

test('a malformed stored slot covers nothing; an unknown zone is refused', () => {
  const t = at('2026-03-02T12:00:00Z');
  assert.equal(statusAt(1, [slot(1, '9:00', '18:00')], t, 'UTC'), 3);
  assert.equal(statusAt(1, [slot(8, '00:00', '24:00')], t, 'UTC'), 3);
  assert.throws(() => statusAt(1, [slot(9, '00:00', '24:00')], t, 'Mars/Olympus'), RangeError);
  assert.equal(isValidTimeZone('Mars/Olympus'), false);
  assert.equal(isValidTimeZone('Asia/Shanghai'), true);
});
