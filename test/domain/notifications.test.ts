import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSendAt, recipientsOf, targetingProblems, transition, type NotificationAction } from '../../src/domain/notifications.js';

// docs/notifications.md's diagram as a table: for each action, the status it leaves from each status it may start
// in (absent: 405), and the approve_status it fires.
const ALLOWED: Record<string, Record<number, [number, string?]>> = {
  patch: { 0: [0], 3: [0] },
  preview: { 0: [0], 1: [1], 2: [2], 3: [3], 4: [4] },
  'submit_approve by owner': { 0: [2, 'APPROVED'], 3: [2, 'APPROVED'] },
  'submit_approve by admin': { 0: [1], 3: [1] },
  cancel_approve: { 1: [0, 'CANCELED'] },
  'review approve': { 1: [2, 'APPROVED'] },
  'review reject': { 1: [3, 'REJECTED'] },
  execute_send: { 2: [4], 4: [4] },
  send: { 4: [6] },
  cancel_send: { 2: [7], 4: [7], 5: [7], 6: [7] },
};
const ACTIONS: Record<string, NotificationAction> = {
  patch: { kind: 'patch' },
  preview: { kind: 'preview' },
  'submit_approve by owner': { kind: 'submit_approve', by_owner: true },
  'submit_approve by admin': { kind: 'submit_approve', by_owner: false },
  cancel_approve: { kind: 'cancel_approve' },
  'review approve': { kind: 'review', approve: true },
  'review reject': { kind: 'review', approve: false },
  execute_send: { kind: 'execute_send' },
  send: { kind: 'send' },
  cancel_send: { kind: 'cancel_send' },
};

test('every action from every status moves exactly as the documented diagram says, or is refused saying why', () => {
  for (const [name, action] of Object.entries(ACTIONS)) {
    for (let status = 0; status <= 7; status++) {
      const got = transition(status, action);
      const want = ALLOWED[name][status];
      if (want) {
        assert.deepEqual(got, { ok: true, status: want[0], ...(want[1] ? { approve_status: want[1] } : {}) }, `${name} from ${status}`);
      } else {
        assert.equal(got.ok, false, `${name} from ${status}`);
        assert.match((got as { description: string }).description, /^the notification is /);
      }
    }
  }
});

test('sent and cancelled are ends: no sequence of actions sends a notification twice or revives a cancelled one', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...Object.values(ACTIONS)), { maxLength: 30 }), (actions) => {
      let status = 0;
      let sends = 0;
      let cancelled = false;
      for (const action of actions) {
        const r = transition(status, action);
        if (!r.ok) continue;
        if (cancelled) return false;
        if (action.kind === 'send') sends += 1;
        status = r.status;
        if (status === 7) cancelled = true;
      }
      return sends <= 1;
    }),
  );
});

const members = fc.uniqueArray(fc.record({ open_id: fc.constantFrom('ou_a', 'ou_b', 'ou_c', 'ou_d', 'ou_e'), department_id: fc.constantFrom('od-1', 'od-2', 'od-3') }), {
  selector: (m) => m.open_id,
});

test('recipients: every member for scope 0; for scope 2 the named members and the departments\' members, once each, sorted', () => {
  fc.assert(
    fc.property(members, fc.array(fc.constantFrom('ou_a', 'ou_b', 'ou_x')), fc.array(fc.constantFrom('od-1', 'od-2', 'od-9')), fc.constantFrom(0, 2), (all, user_ids: string[], department_ids: string[], push_scope_type) => {
      const got = recipientsOf({ push_scope_type, user_ids, department_ids }, all);
      const expected = all
        .filter((m) => push_scope_type === 0 || user_ids.includes(m.open_id) || department_ids.includes(m.department_id))
        .map((m) => m.open_id)
        .sort();
      assert.deepEqual(got, expected);
    }),
  );
});

test('targeting: what Kefu cannot send to is named; a well-formed push has no problem', () => {
  const base = { push_type: 0, push_scope_type: 2, new_staff_scope_department_list: [] as unknown[], user_ids: ['ou_a'], department_ids: [] as string[], chat_list: [] as unknown[] };
  assert.deepEqual(targetingProblems(base), []);
  assert.deepEqual(targetingProblems({ ...base, push_scope_type: 0, user_ids: [] }), []);
  const fields = (t: Partial<typeof base>) => targetingProblems({ ...base, ...t }).map((p) => p.field);
  assert.deepEqual(fields({ push_type: 1, push_scope_type: 3 }), ['push_type', 'push_scope_type']);
  assert.deepEqual(fields({ push_scope_type: 1, user_ids: [], chat_list: [{ chat_id: 'oc_1' }] }), ['chat_list', 'push_scope_type']);
  assert.deepEqual(fields({ push_scope_type: 0 }), ['user_list']);
  assert.deepEqual(fields({ push_scope_type: 0, user_ids: [], department_ids: ['od-1'] }), ['department_list']);
  assert.deepEqual(fields({ user_ids: [] }), ['user_list']);
});

test('send_at is milliseconds as a string of digits', () => {
  assert.equal(parseSendAt('1624326025000'), 1624326025000);
  assert.equal(parseSendAt('0'), 0);
  for (const bad of ['', '-1', '1.5', '1e12', ' 1', '12345678901234567', 'soon']) assert.equal(parseSendAt(bad), undefined, bad);
});
