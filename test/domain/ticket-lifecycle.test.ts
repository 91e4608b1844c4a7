import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyAction, isOpen, newTicket, type TicketAction, type TicketState } from '../../src/domain/ticket-lifecycle.js';

const T0 = Date.UTC(2026, 10, 25, 2, 0, 0);
const ALICE = 'ou_alice';
const BOB = 'ou_bob';

function run(actions: [TicketAction, number][], start = newTicket(T0, 9)): TicketState {
  let t = start;
  for (const [action, at] of actions) {
    const r = applyAction(t, action, at);
    if (!r.ok) throw new Error(`${action.kind} refused: ${r.field} ${r.description}`);
    t = r.ticket;
  }
  return t;
}

test('a human ticket: routed, answered, pending, answered again, closed by the agent', () => {
  const t = run([
    [{ kind: 'to_human', agent_id: ALICE }, T0 + 1_000],
    [{ kind: 'guest_message' }, T0 + 2_000],
    [{ kind: 'agent_message', agent_id: ALICE }, T0 + 5_000],
    [{ kind: 'update', by: ALICE, changes: { status: 4 } }, T0 + 10_000],
    [{ kind: 'update', by: ALICE, changes: { status: 2 } }, T0 + 70_500],
    [{ kind: 'agent_message', agent_id: BOB }, T0 + 80_000],
    [{ kind: 'agent_close', agent_id: BOB }, T0 + 90_000],
  ]);
  assert.equal(t.status, 51);
  assert.equal(t.ticket_type, 2);
  assert.deepEqual(t.agent_ids, [ALICE, BOB]);
  assert.equal(t.agent_owner_id, ALICE);
  assert.equal(t.closed_by_id, BOB);
  assert.equal(t.agent_entry_time, T0 + 1_000);
  assert.equal(t.agent_first_response_time, T0 + 5_000);
  assert.equal(t.agent_last_response_time, T0 + 80_000);
  assert.equal(t.pending_seconds, 60);
  assert.equal(t.closed_at, T0 + 90_000);
  assert.equal(t.message_count, 3);
  assert.equal(t.updated_at, T0 + 90_000);
});

test('status and stage changes carry old_object with only what changed; a message that changes no field keeps updated_at', () => {
  const human = applyAction(newTicket(T0, 0), { kind: 'to_human' }, T0 + 1);
  assert.ok(human.ok);
  assert.deepEqual(human.updated, { stage: 1, status: 1, updated_at: -1 });
  assert.equal(human.ticket.status, 3);
  const assigned = applyAction(human.ticket, { kind: 'assign_queued', agent_id: ALICE }, T0 + 2);
  assert.ok(assigned.ok);
  assert.deepEqual(assigned.updated, { status: 3, updated_at: T0 + 1 });
  const said = applyAction(assigned.ticket, { kind: 'guest_message' }, T0 + 3);
  assert.ok(said.ok);
  assert.equal(said.updated, undefined);
  assert.equal(said.ticket.updated_at, T0 + 2);
  const tagged = applyAction(said.ticket, { kind: 'update', by: ALICE, changes: { tag_names: ['vip'] } }, T0 + 4);
  assert.ok(tagged.ok);
  assert.equal(tagged.updated, undefined);
  assert.equal(tagged.ticket.updated_at, T0 + 4);
});

test('a guest message on a ticket waiting for the user puts it back in progress', () => {
  const waiting = run([
    [{ kind: 'to_human', agent_id: ALICE }, T0],
    [{ kind: 'update', by: ALICE, changes: { status: 5 } }, T0 + 1],
  ]);
  const r = applyAction(waiting, { kind: 'guest_message' }, T0 + 2);
  assert.ok(r.ok);
  assert.equal(r.ticket.status, 2);
  assert.deepEqual(r.updated, { status: 5, updated_at: T0 + 1 });
});

test('refusals name the field: closed tickets, agents in the bot stage, the bot closing a human ticket, assigning an unqueued one', () => {
  const bot = newTicket(T0, 0);
  const human = run([[{ kind: 'to_human', agent_id: ALICE }, T0]]);
  const closed = run([[{ kind: 'bot_close' }, T0]]);
  const cases: [TicketState, TicketAction, string][] = [
    [bot, { kind: 'agent_message', agent_id: ALICE }, 'ticket_id'],
    [human, { kind: 'bot_close' }, 'ticket_id'],
    [human, { kind: 'to_human' }, 'ticket_id'],
    [human, { kind: 'assign_queued', agent_id: BOB }, 'ticket_id'],
    [closed, { kind: 'guest_message' }, 'ticket_id'],
    [closed, { kind: 'guest_close', guest_id: 'g' }, 'ticket_id'],
    [closed, { kind: 'update', by: ALICE, changes: { status: 2 } }, 'status'],
  ];
  for (const [t, action, field] of cases) {
    const r = applyAction(t, action, T0 + 5);
    assert.equal(r.ok, false, action.kind);
    if (!r.ok) assert.equal(r.field, field);
  }
  // A closed ticket still takes data (tags, comments): PUT writes data only.
  const tagged = applyAction(closed, { kind: 'update', by: ALICE, changes: { tag_names: ['late'] } }, T0 + 5);
  assert.ok(tagged.ok);
  assert.equal(tagged.ticket.closed_at, T0);
});

const actionArb: fc.Arbitrary<TicketAction> = fc.oneof(
  fc.constant<TicketAction>({ kind: 'guest_message' }),
  fc.constant<TicketAction>({ kind: 'bot_message' }),
  fc.constantFrom(ALICE, BOB).map((agent_id): TicketAction => ({ kind: 'agent_message', agent_id })),
  fc.option(fc.constantFrom(ALICE, BOB), { nil: undefined }).map((agent_id): TicketAction => ({ kind: 'to_human', agent_id })),
  fc.constantFrom(ALICE, BOB).map((agent_id): TicketAction => ({ kind: 'assign_queued', agent_id })),
  fc.constant<TicketAction>({ kind: 'guest_close', guest_id: 'g', score: 2 }),
  fc.constantFrom(ALICE, BOB).map((agent_id): TicketAction => ({ kind: 'agent_close', agent_id })),
  fc.constant<TicketAction>({ kind: 'bot_close' }),
  fc.constantFrom(1, 2, 3, 4, 5, 50, 51).map((status): TicketAction => ({ kind: 'update', by: ALICE, changes: { status } })),
);

test('property: whatever happens, the invariants of a ticket hold', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(actionArb, fc.integer({ min: 0, max: 600_000 })), { maxLength: 40 }), (steps) => {
      let t = newTicket(T0, 0);
      let now = T0;
      let closedAt = 0;
      for (const [action, gap] of steps) {
        now += gap;
        const r = applyAction(t, action, now);
        if (!r.ok) {
          // Refused only for a reason the rules give.
          assert.ok(!isOpen(t.status) || ['agent_message', 'to_human', 'assign_queued', 'bot_close'].includes(action.kind), `${action.kind} refused on status ${t.status}`);
          continue;
        }
        const before = t;
        t = r.ticket;
        // closed_at is set once, when the ticket first closes, and never moves.
        if (closedAt === 0 && t.closed_at > 0) closedAt = t.closed_at;
        assert.equal(t.closed_at, closedAt);
        assert.equal(isOpen(t.status), t.closed_at === 0);
        // Time is only ever counted forward; pending time never exceeds the time since creation.
        assert.ok(t.pending_seconds >= before.pending_seconds);
        assert.ok(t.pending_seconds * 1000 <= now - T0);
        assert.equal(t.pending_since > 0, t.status === 4);
        // A human ticket has an entry time; the owner is one of the agents.
        if (t.ticket_type === 2) assert.ok(t.agent_entry_time > 0);
        if (t.agent_owner_id !== null) assert.ok(t.agent_ids.includes(t.agent_owner_id));
        assert.ok(t.agent_first_response_time === 0 || t.agent_first_response_time <= t.agent_last_response_time);
        // The event fires exactly when status or stage changed.
        assert.equal(r.updated !== undefined, t.status !== before.status || t.ticket_type !== before.ticket_type);
        if (r.updated) assert.equal(r.updated.updated_at, before.updated_at);
      }
    }),
    { numRuns: 500 },
  );
});
