import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ticketDurations, type TicketTimes } from '../../src/domain/ticket-durations.js';

const none: TicketTimes = {
  created_at: 0, agent_entry_time: 0, agent_first_response_time: 0, agent_last_response_time: 0, closed_at: 0, pending_seconds: 0,
};
const ZERO = { bot_service_duration: 0, agent_first_response_duration: 0, agent_service_duration: 0, agent_resolution_time: 0, actual_processing_time: 0 };

test('the seed example: durations follow its timestamps, not its (inconsistent) literal values', () => {
  // Seed 003 answers agent_first_response_duration 123869 and agent_resolution_time 66 for these timestamps, and an
  // actual_processing_time (68) above the resolution time: placeholders. Its closed_at even precedes agent entry.
  const seed: TicketTimes = {
    created_at: 1616920429000,
    closed_at: 1616920429000,
    agent_entry_time: 1636444596000,
    agent_first_response_time: 1636444696000,
    agent_last_response_time: 1636444796000,
    pending_seconds: 0,
  };
  assert.deepEqual(ticketDurations(seed), {
    bot_service_duration: 19524167, // (1636444596000 - 1616920429000) / 1000
    agent_first_response_duration: 100,
    agent_service_duration: 3.33, // 200 s = 3.333... min
    agent_resolution_time: 0, // closed before the agent entered: never negative
    actual_processing_time: 0,
  });
});

test('a complete human ticket', () => {
  const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);
  const d = ticketDurations({
    created_at: t0,
    agent_entry_time: t0 + 90_500, // 90.5 s of bot
    agent_first_response_time: t0 + 90_500 + 45_999,
    agent_last_response_time: t0 + 90_500 + 42 * 60_000 + 30_000, // 42.5 min
    closed_at: t0 + 90_500 + 3_600_000,
    pending_seconds: 600,
  });
  assert.deepEqual(d, {
    bot_service_duration: 90, // truncated, like a stopwatch
    agent_first_response_duration: 45,
    agent_service_duration: 42.5,
    agent_resolution_time: 3600,
    actual_processing_time: 3000,
  });
});

test('timestamps that never happened (0, -1, null, undefined, NaN) yield 0', () => {
  assert.deepEqual(ticketDurations(none), ZERO);
  assert.deepEqual(ticketDurations({ ...none, created_at: 1_000, agent_entry_time: -1 }), ZERO);
  assert.deepEqual(ticketDurations({ ...none, created_at: null, agent_entry_time: 5_000 }), ZERO);
  assert.deepEqual(ticketDurations({ ...none, created_at: NaN, agent_entry_time: 5_000, pending_seconds: undefined }), ZERO);
  // A bot-only ticket closed by the bot: no agent ever entered.
  assert.deepEqual(ticketDurations({ ...none, created_at: 1_000_000, closed_at: 2_000_000 }), ZERO);
  // Agent entered, never answered, still open.
  const open = ticketDurations({ ...none, created_at: 1_000_000, agent_entry_time: 1_061_000, pending_seconds: 30 });
  assert.deepEqual(open, { ...ZERO, bot_service_duration: 61 });
});

test('pending time is subtracted, never below zero, and ignored when nonsense', () => {
  const base: TicketTimes = { ...none, created_at: 1_000, agent_entry_time: 1_000, closed_at: 101_000 };
  assert.equal(ticketDurations({ ...base, pending_seconds: 40 }).actual_processing_time, 60);
  assert.equal(ticketDurations({ ...base, pending_seconds: 100 }).actual_processing_time, 0);
  assert.equal(ticketDurations({ ...base, pending_seconds: 500 }).actual_processing_time, 0);
  assert.equal(ticketDurations({ ...base, pending_seconds: -20 }).actual_processing_time, 100);
  assert.equal(ticketDurations({ ...base, pending_seconds: Infinity }).actual_processing_time, 100);
  assert.equal(ticketDurations({ ...base, pending_seconds: 39.6 }).actual_processing_time, 60);
});

test('agent_service_duration is minutes rounded to 2 decimals', () => {
  const d = (ms: number) => ticketDurations({ ...none, agent_entry_time: 1_000, agent_last_response_time: 1_000 + ms }).agent_service_duration;
  assert.equal(d(60_000), 1);
  assert.equal(d(1), 0);
  assert.equal(d(299), 0);
  assert.equal(d(300), 0.01); // 0.005 min rounds up
  assert.equal(d(2_557_497_000), 42624.95);
});

test('property: every duration equals its formula when timestamps are ordered, and is never negative', () => {
  const arb = fc.record({
    created: fc.integer({ min: 1, max: 2_000_000_000_000 }),
    bot: fc.integer({ min: 0, max: 10_000_000 }),
    first: fc.integer({ min: 0, max: 10_000_000 }),
    last: fc.integer({ min: 0, max: 10_000_000 }),
    close: fc.integer({ min: 0, max: 100_000_000 }),
    pending: fc.integer({ min: 0, max: 200_000 }),
  });
  fc.assert(fc.property(arb, ({ created, bot, first, last, close, pending }) => {
    const entry = created + bot;
    const d = ticketDurations({
      created_at: created, agent_entry_time: entry, agent_first_response_time: entry + first,
      agent_last_response_time: entry + first + last, closed_at: entry + first + last + close, pending_seconds: pending,
    });
    assert.equal(d.bot_service_duration, Math.floor(bot / 1000));
    assert.equal(d.agent_first_response_duration, Math.floor(first / 1000));
    assert.ok(Math.abs(d.agent_service_duration - (first + last) / 60000) <= 0.005 + 1e-9);
    assert.equal(d.agent_resolution_time, Math.floor((first + last + close) / 1000));
    assert.equal(d.actual_processing_time, Math.max(0, d.agent_resolution_time - pending));
  }), { numRuns: 2000 });
});

test('property: any timestamps at all give finite, non-negative durations, actual <= resolution', () => {
  const ts = fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(null), fc.constant(undefined), fc.integer({ min: -5, max: 5_000 }), fc.double());
  fc.assert(fc.property(ts, ts, ts, ts, ts, ts, (a, b, c, d, e, p) => {
    const r = ticketDurations({ created_at: a, agent_entry_time: b, agent_first_response_time: c, agent_last_response_time: d, closed_at: e, pending_seconds: p });
    for (const [k, v] of Object.entries(r)) assert.ok(Number.isFinite(v) && v >= 0, `${k} = ${v}`);
    assert.ok(r.actual_processing_time <= r.agent_resolution_time);
  }), { numRuns: 2000 });
});
