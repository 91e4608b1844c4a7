import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expandWeekday, parseTime, validateSchedule, type ScheduleSlot } from '../../src/domain/schedule.js';

const slot = (weekday: unknown, start_time: unknown, end_time: unknown) => ({ weekday, start_time, end_time });

/** The violations' fields, for compact assertions. */
function fields(input: unknown, path?: string): string[] {
  const r = validateSchedule(input, path);
  assert.equal(r.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return r.ok ? [] : r.violations.map((v) => v.field);
}

test('expandWeekday', () => {
  assert.deepEqual([...expandWeekday(9)], [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...expandWeekday(10)], [1, 2, 3, 4, 5]);
  assert.deepEqual([...expandWeekday(11)], [6, 7]);
  for (let d = 1; d <= 7; d++) assert.deepEqual([...expandWeekday(d)], [d]);
  for (const bad of [0, 8, 12, -1, 1.5, NaN]) assert.deepEqual([...expandWeekday(bad)], [], String(bad));
});

test('parseTime', () => {
  assert.equal(parseTime('00:00'), 0);
  assert.equal(parseTime('09:30'), 570);
  assert.equal(parseTime('23:59'), 1439);
  assert.equal(parseTime('24:00'), 1440);
  for (const bad of ['24:01', '25:00', '9:00', '09:0', '09:60', '0900', '09-00', ' 9:00', '09:00 ', 'ab:cd', '', 900, null]) {
    assert.equal(parseTime(bad), null, String(bad));
  }
});

test('accepts good schedules and returns their slots', () => {
  const good: ScheduleSlot[] = [
    { weekday: 9, start_time: '00:00', end_time: '24:00' },
  ];
  assert.deepEqual(validateSchedule(good), { ok: true, slots: good });
  const split: ScheduleSlot[] = [
    { weekday: 10, start_time: '09:00', end_time: '12:00' },
    { weekday: 10, start_time: '12:00', end_time: '18:00' }, // touching is not overlapping
    { weekday: 6, start_time: '10:00', end_time: '14:00' },
    { weekday: 7, start_time: '22:00', end_time: '24:00' },
    { weekday: 1, start_time: '00:00', end_time: '02:00' }, // Sunday night continued past midnight
  ];
  assert.deepEqual(validateSchedule(split), { ok: true, slots: split });
  assert.deepEqual(validateSchedule([]), { ok: true, slots: [] });
  // Extra properties are dropped from the returned slots.
  const r = validateSchedule([{ weekday: 1, start_time: '09:00', end_time: '10:00', note: 'x' }]);
  assert.deepEqual(r, { ok: true, slots: [{ weekday: 1, start_time: '09:00', end_time: '10:00' }] });
});

test('refuses a schedule that is not an array, and slots that are not objects', () => {
  assert.deepEqual(fields(null), ['schedule']);
  assert.deepEqual(fields({ weekday: 1 }), ['schedule']);
  assert.deepEqual(fields([slot(1, '09:00', '10:00'), 'x', null, [1]]), ['schedule[1]', 'schedule[2]', 'schedule[3]']);
});

test('refuses bad weekdays naming the field', () => {
  for (const w of [0, 8, 12, -1, 1.5, '1', null, undefined]) {
    assert.deepEqual(fields([slot(1, '08:00', '09:00'), slot(w, '09:00', '10:00')]), ['schedule[1].weekday'], String(w));
  }
});

test('refuses bad times naming the field', () => {
  assert.deepEqual(fields([slot(1, '9:00', '10:00')]), ['schedule[0].start_time']);
  assert.deepEqual(fields([slot(1, '09:00', '24:01')]), ['schedule[0].end_time']);
  assert.deepEqual(fields([slot(1, '09:00', 1000)]), ['schedule[0].end_time']);
  assert.deepEqual(fields([slot(1, undefined, undefined)]), ['schedule[0].start_time', 'schedule[0].end_time']);
  assert.deepEqual(fields([slot(1, '24:00', '24:00')]), ['schedule[0].start_time']); // 24:00 only as an end
  const r = validateSchedule([slot(1, '24:00', '24:00')]);
  assert.ok(!r.ok && /only as end_time/.test(r.violations[0].description));
});

test('refuses start >= end naming end_time', () => {
  assert.deepEqual(fields([slot(1, '10:00', '10:00')]), ['schedule[0].end_time']);
  assert.deepEqual(fields([slot(1, '22:00', '02:00')]), ['schedule[0].end_time']);
  assert.deepEqual(fields([slot(1, '00:01', '00:00')]), ['schedule[0].end_time']);
});

test('refuses overlapping slots naming the later one, after expanding 9/10/11', () => {
  assert.deepEqual(fields([slot(1, '09:00', '12:00'), slot(1, '11:59', '13:00')]), ['schedule[1]']);
  assert.deepEqual(fields([slot(10, '09:00', '18:00'), slot(3, '17:00', '19:00')]), ['schedule[1]']);
  assert.deepEqual(fields([slot(11, '09:00', '18:00'), slot(9, '08:00', '09:01')]), ['schedule[1]']);
  assert.deepEqual(fields([slot(1, '09:00', '10:00'), slot(1, '09:00', '10:00')]), ['schedule[1]']); // duplicate
  // A slot inside another, in either order.
  assert.deepEqual(fields([slot(2, '08:00', '20:00'), slot(2, '10:00', '11:00')]), ['schedule[1]']);
  assert.deepEqual(fields([slot(2, '10:00', '11:00'), slot(2, '08:00', '20:00')]), ['schedule[1]']);
  // Same times on days that do not meet: fine.
  assert.equal(validateSchedule([slot(10, '09:00', '18:00'), slot(11, '09:00', '18:00')]).ok, true);
  const r = validateSchedule([slot(10, '09:00', '18:00'), slot(1, '08:00', '10:00'), slot(5, '17:00', '19:00')]);
  assert.ok(!r.ok);
  assert.deepEqual(r.violations.map((v) => v.field), ['schedule[1]', 'schedule[2]']);
  assert.match(r.violations[0].description, /schedule\[0\] on Monday/);
  assert.match(r.violations[1].description, /schedule\[0\] on Friday/);
  assert.deepEqual(r.violations[1].value, slot(5, '17:00', '19:00'));
});

test('violations carry the offending value and the given path prefix', () => {
  const r = validateSchedule([slot(1, '09:00', '10:00'), slot(1, '10:00', '99:00')], 'agent_schedules[3].schedule');
  assert.deepEqual(r, {
    ok: false,
    violations: [{ field: 'agent_schedules[3].schedule[1].end_time', value: '99:00', description: 'end_time must be "HH:MM" from 00:01 to 24:00' }],
  });
});

// Property: a schedule is accepted exactly when every slot is well formed and no two slots share a day and a minute.
const DAYS: Record<number, number[]> = { 1: [1], 2: [2], 3: [3], 4: [4], 5: [5], 6: [6], 7: [7], 9: [1, 2, 3, 4, 5, 6, 7], 10: [1, 2, 3, 4, 5], 11: [6, 7] };
const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

function refOverlaps(slots: ScheduleSlot[]): boolean {
  // Paint every (day, minute) cell; a second coat is an overlap.
  const painted = new Set<number>();
  for (const s of slots) {
    const [sh, sm] = s.start_time.split(':').map(Number);
    const [eh, em] = s.end_time.split(':').map(Number);
    for (const d of DAYS[s.weekday]) {
      for (let m = sh * 60 + sm; m < eh * 60 + em; m++) {
        const cell = d * 1440 + m;
        if (painted.has(cell)) return true;
        painted.add(cell);
      }
    }
  }
  return false;
}

test('property: well-formed slots are accepted exactly when they do not overlap', () => {
  const slotArb = fc
    .record({ weekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 9, 10, 11), start: fc.integer({ min: 0, max: 1439 }), len: fc.integer({ min: 1, max: 600 }) })
    .map(({ weekday, start, len }) => ({ weekday, start_time: hhmm(start), end_time: hhmm(Math.min(1440, start + len)) }));
  let accepted = 0;
  let refused = 0;
  fc.assert(fc.property(fc.array(slotArb, { maxLength: 5 }), (slots) => {
    const r = validateSchedule(slots);
    assert.equal(r.ok, !refOverlaps(slots));
    if (r.ok) accepted++;
    else {
      refused++;
      assert.ok(r.violations.every((v) => /^schedule\[[1-9]\d*\]$/.test(v.field)), 'never names the first slot');
    }
  }), { numRuns: 2000 });
  assert.ok(accepted > 200 && refused > 200, `accepted ${accepted}, refused ${refused}`);
});

test('property: any malformed time is refused naming that field', () => {
  const badTime = fc.oneof(
    fc.string({ maxLength: 6 }).filter((s) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(s) && s !== '24:00'),
    fc.integer({ min: 0, max: 9999 }).map((n) => `${Math.floor(n / 100)}:${n % 100}`).filter((s) => !/^\d\d:\d\d$/.test(s)),
    fc.integer({ min: 0, max: 99 }).chain((h) => fc.integer({ min: 60, max: 99 }).map((m) => `${String(h).padStart(2, '0')}:${m}`)),
  );
  fc.assert(fc.property(badTime, fc.integer({ min: 0, max: 3 }), (bad, i) => {
    const slots = [slot(1, '00:00', '01:00'), slot(2, '00:00', '01:00'), slot(3, '00:00', '01:00'), slot(4, '00:00', '01:00')];
    slots[i] = slot(i + 1, '00:00', bad);
    assert.deepEqual(fields(slots), [`schedule[${i}].end_time`]);
  }), { numRuns: 1000 });
});
