// The push centre's state machine and targeting rules (docs/notifications.md). Pure: the service loads a
// notification, asks here what a call does to it, and writes the answer.
import type { FieldViolation } from './field-violation.js';

/** Kefu's numbering of `status` (Feishu documents only 0, draft). */
export const NotificationStatus = {
  draft: 0,
  pendingApproval: 1,
  approved: 2,
  rejected: 3,
  scheduled: 4,
  sending: 5,
  sent: 6,
  cancelled: 7,
} as const;
export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];

/** notification.approve_v1's approve_status (feishu-events.md §3.4). */
export type ApproveStatus = 'APPROVED' | 'REJECTED' | 'CANCELED';

export type NotificationAction =
  | { kind: 'patch' }
  | { kind: 'preview' }
  /** submit_approve: the owner's own submission is approved at once. */
  | { kind: 'submit_approve'; by_owner: boolean }
  | { kind: 'cancel_approve' }
  | { kind: 'review'; approve: boolean }
  | { kind: 'execute_send' }
  /** The send itself: execute_send with a time already come, or the timers when it comes. */
  | { kind: 'send' }
  | { kind: 'cancel_send' };

export type Transition =
  | { ok: true; status: NotificationStatus; approve_status?: ApproveStatus }
  | { ok: false; description: string };

const S = NotificationStatus;
const NAMES: Record<number, string> = {
  0: 'a draft', 1: 'waiting for the owner\'s review', 2: 'approved', 3: 'rejected', 4: 'scheduled', 5: 'sending', 6: 'sent', 7: 'cancelled',
};

export const statusName = (status: number): string => NAMES[status] ?? `status ${status}`;

function refuse(status: number, what: string): Transition {
  return { ok: false, description: `the notification is ${statusName(status)}: ${what}` };
}

/** What an action does to a notification in `status`: its new status (and the review event it fires), or why not. */
export function transition(status: number, action: NotificationAction): Transition {
  switch (action.kind) {
    case 'patch':
      // A rejected notification is edited back into a draft, to be submitted again.
      if (status === S.draft || status === S.rejected) return { ok: true, status: S.draft };
      return refuse(status, 'only a draft (or a rejected notification) may be changed');
    case 'preview':
      if (status <= S.scheduled) return { ok: true, status: status as NotificationStatus };
      return refuse(status, 'a preview is for a notification not yet sent');
    case 'submit_approve':
      if (status !== S.draft && status !== S.rejected) return refuse(status, 'only a draft (or a rejected notification) may be submitted');
      return action.by_owner ? { ok: true, status: S.approved, approve_status: 'APPROVED' } : { ok: true, status: S.pendingApproval };
    case 'cancel_approve':
      if (status === S.pendingApproval) return { ok: true, status: S.draft, approve_status: 'CANCELED' };
      return refuse(status, 'only a notification waiting for review may have its review cancelled');
    case 'review':
      if (status !== S.pendingApproval) return refuse(status, 'only a notification waiting for review may be reviewed');
      return action.approve ? { ok: true, status: S.approved, approve_status: 'APPROVED' } : { ok: true, status: S.rejected, approve_status: 'REJECTED' };
    case 'execute_send':
      // A scheduled notification may be given a new time; a sent or cancelled one may not be sent again.
      if (status === S.approved || status === S.scheduled) return { ok: true, status: S.scheduled };
      return refuse(status, 'only an approved notification may be sent');
    case 'send':
      if (status === S.scheduled) return { ok: true, status: S.sent };
      return refuse(status, 'only a scheduled notification is sent');
    case 'cancel_send':
      if (status === S.approved || status === S.scheduled || status === S.sending || status === S.sent) return { ok: true, status: S.cancelled };
      return refuse(status, 'only an approved, scheduled or sent notification may be cancelled');
  }
}

export interface Targeting {
  push_type: number;
  push_scope_type: number;
  new_staff_scope_type?: number | null;
  new_staff_scope_department_list: readonly unknown[];
  user_ids: readonly string[];
  department_ids: readonly string[];
  chat_list: readonly unknown[];
}

/**
 * Feishu's targeting rules (feishu-surface.md §4.2) and what Kefu cannot send to: new-hire pushes need hire dates
 * and chat_list needs group chats, neither of which Kefu keeps. Each fault names its field.
 */
export function targetingProblems(t: Targeting): FieldViolation[] {
  const problems: FieldViolation[] = [];
  const fault = (field: string, value: unknown, description: string) => problems.push({ field, value, description });
  if (t.push_type === 1) fault('push_type', 1, 'new-hire pushes (push_type 1) are not supported: Kefu keeps no hire dates; use 0 (scheduled push)');
  if (t.push_scope_type === 3) fault('push_scope_type', 3, 'new hires (push_scope_type 3) go with push_type 1, which Kefu does not support');
  if (t.chat_list.length > 0) fault('chat_list', t.chat_list.length, 'Kefu has no group chats to push to: leave chat_list empty');
  if (t.push_scope_type === 1) fault('push_scope_type', 1, 'push_scope_type 1 pushes to chat_list only, and Kefu has no group chats');
  if (t.push_scope_type === 0 && (t.user_ids.length > 0 || t.department_ids.length > 0)) {
    fault(t.user_ids.length > 0 ? 'user_list' : 'department_list', undefined, 'push_scope_type 0 (all members) takes no user_list or department_list');
  }
  if (t.push_scope_type === 2 && t.user_ids.length === 0 && t.department_ids.length === 0) {
    fault('user_list', undefined, 'push_scope_type 2 (some members) needs user_list or department_list');
  }
  return problems;
}

/** The users a notification reaches, in order and once each, from the tenant's members. */
export function recipientsOf(t: Pick<Targeting, 'push_scope_type' | 'user_ids' | 'department_ids'>, members: readonly { open_id: string; department_id: string }[]): string[] {
  if (t.push_scope_type === 0) return members.map((m) => m.open_id).sort();
  const chosen = new Set(t.user_ids);
  const departments = new Set(t.department_ids);
  for (const m of members) if (departments.has(m.department_id)) chosen.add(m.open_id);
  const known = new Set(members.map((m) => m.open_id));
  return [...chosen].filter((id) => known.has(id)).sort();
}

/** execute_send's send_at: milliseconds as a string of digits (Feishu's "1624326025000"). */
export function parseSendAt(text: string): number | undefined {
  if (!/^[0-9]{1,15}$/.test(text)) return undefined;
  return Number(text);
}
