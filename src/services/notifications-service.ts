// The push centre (docs/notifications.md): notifications written by a helpdesk's owner or admins, reviewed by its
// owner, and sent by the helpdesk bot into each targeted user's private chat with it. Every call runs in one
// transaction with the notification locked; a review's notification.approve_v1 is added to the outbox in it.
import {
  NotificationStatus,
  parseSendAt,
  recipientsOf,
  targetingProblems,
  transition,
  type NotificationAction,
  type Transition,
} from '../domain/notifications.js';
import type { FieldViolation } from '../domain/field-violation.js';
import { parseContent } from '../domain/message-content.js';
import { newChatId } from '../events/ids.js';
import { addEvent } from '../events/outbox.js';
import { NOTIFICATION_APPROVED } from '../events/subscription-pairs.js';
import type { Clock } from '../platform/clock.js';
import { ApiError, badField, badRequest, errors } from '../platform/errors.js';
import { snowflakeId } from '../platform/ids.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { NotificationChanges, NotificationRow } from '../repositories/notifications-repository.js';
import type { CreateNotificationBody, NotificationView, PatchNotificationBody } from '../schemas/notifications.js';
import type { Store } from './store.js';
import type { NewMessage, TicketWriter } from './ticket-writer.js';

/** What the timers need: the notifications due by an instant, and sending one. */
export interface DueNotification {
  notification_id: string;
  helpdesk_id: string;
  send_at: number;
}

export class NotificationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Stores the bot's messages in users' chats, as POST /message does. */
    private readonly writer: TicketWriter,
  ) {}

  /** POST /notifications: a draft. */
  async create(helpdesk: Helpdesk, actor: string, input: CreateNotificationBody): Promise<{ notification_id: string; status: number }> {
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      const fields = await checkedFields(repos, helpdesk, input);
      const notification_id = snowflakeId(now);
      await repos.notifications.insert({
        notification_id, helpdesk_id: helpdesk.helpdesk_id, job_name: input.job_name, status: NotificationStatus.draft, ...fields,
        submit_reason: null, create_user_id: actor, update_user_id: actor, created_at: now, updated_at: now,
      });
      return { notification_id, status: NotificationStatus.draft };
    });
  }

  /**
   * The helpdesk of a notification named without a helpdesk header (preview, submit_approve): one of the caller's
   * tenant, or 404/154004 as for an unknown id.
   */
  async helpdeskOf(tenant_key: string, notification_id: string): Promise<Helpdesk> {
    const helpdesk_id = await this.store.repos.notifications.helpdeskOf(notification_id);
    const helpdesk = helpdesk_id === undefined ? undefined : await this.store.repos.helpdesks.find(helpdesk_id);
    if (!helpdesk || helpdesk.tenant_key !== tenant_key) throw notificationNotFound(notification_id);
    return helpdesk;
  }

  /** GET /notifications/:id. */
  async get(helpdesk: Helpdesk, notification_id: string): Promise<{ notification: NotificationView }> {
    const repos = this.store.repos;
    const row = await repos.notifications.find(helpdesk.helpdesk_id, notification_id);
    if (!row) throw notificationNotFound(notification_id);
    return { notification: await view(repos, helpdesk, row) };
  }

  /** PATCH /notifications/:id: a draft (or a rejected notification, which becomes a draft again); absent fields stay. */
  async patch(helpdesk: Helpdesk, actor: string, notification_id: string, input: PatchNotificationBody): Promise<void> {
    await this.change(helpdesk, notification_id, { kind: 'patch' }, async (repos, row, next, now) => {
      const merged: CreateNotificationBody = {
        job_name: input.job_name ?? row.job_name,
        push_content: input.push_content ?? row.push_content,
        push_type: input.push_type ?? row.push_type,
        push_scope_type: input.push_scope_type ?? row.push_scope_type,
        new_staff_scope_type: input.new_staff_scope_type ?? row.new_staff_scope_type ?? undefined,
        new_staff_scope_department_list: input.new_staff_scope_department_list ?? JSON.parse(row.new_staff_scope_department_list),
        user_list: input.user_list ?? (JSON.parse(row.user_ids) as string[]).map((user_id) => ({ user_id })),
        department_list: input.department_list ?? JSON.parse(row.department_list),
        chat_list: input.chat_list ?? JSON.parse(row.chat_list),
        ext: input.ext ?? row.ext ?? undefined,
        send_at: input.send_at ?? (row.send_at === null ? undefined : String(row.send_at)),
      };
      const fields = await checkedFields(repos, helpdesk, merged);
      await repos.notifications.update(notification_id, { job_name: merged.job_name, ...fields, status: next.status, update_user_id: actor, updated_at: now });
    });
  }

  /** POST /:id/preview: the card as recipients will see it, sent to the caller's own chat with the bot; no change. */
  async preview(helpdesk: Helpdesk, actor: string, notification_id: string): Promise<void> {
    await this.change(helpdesk, notification_id, { kind: 'preview' }, async (repos, row, _next, now) => {
      await this.sendTo(repos, helpdesk.helpdesk_id, actor, cardOf(row), now);
    });
  }

  /**
   * POST /:id/submit_approve: the owner's own submission is approved at once (its event fires); anyone else's waits
   * for the owner, whom the bot tells in their chat with it.
   */
  async submitApprove(helpdesk: Helpdesk, actor: string, notification_id: string, reason: string): Promise<{ has_access: boolean }> {
    const by_owner = actor === helpdesk.owner_open_id;
    await this.change(helpdesk, notification_id, { kind: 'submit_approve', by_owner }, async (repos, row, next, now) => {
      await repos.notifications.update(notification_id, { status: next.status, submit_reason: reason, update_user_id: actor, updated_at: now });
      if (by_owner) return;
      const [submitter] = await repos.identities.findUsers(helpdesk.tenant_key, [actor]);
      const text = `${submitter?.name ?? actor} asks you to review the notification "${row.job_name}" (${notification_id})` +
        `${reason ? `: ${reason}` : ''}. Approve or reject it with POST /kefu/v1/notifications/${notification_id}/review.`;
      await this.sendTo(repos, helpdesk.helpdesk_id, helpdesk.owner_open_id, { msg_type: 'text', content: { text }, text }, now);
    });
    // Kefu has no helpdesk mini-program to install: whoever may submit may manage the review.
    return { has_access: true };
  }

  /** POST /:id/cancel_approve: a notification waiting for review goes back to a draft (approve_status CANCELED). */
  async cancelApprove(helpdesk: Helpdesk, actor: string, notification_id: string): Promise<void> {
    await this.change(helpdesk, notification_id, { kind: 'cancel_approve' }, async (repos, _row, next, now) => {
      await repos.notifications.update(notification_id, { status: next.status, update_user_id: actor, updated_at: now });
    });
  }

  /** Kefu's POST /kefu/v1/notifications/:id/review: the owner approves or rejects. */
  async review(helpdesk: Helpdesk, actor: string, notification_id: string, approve: boolean): Promise<{ status: number }> {
    if (actor !== helpdesk.owner_open_id) throw new ApiError(errors.noAccess, { detail: 'only the helpdesk\'s owner reviews notifications' });
    return this.change(helpdesk, notification_id, { kind: 'review', approve }, async (repos, _row, next, now) => {
      await repos.notifications.update(notification_id, { status: next.status, update_user_id: actor, updated_at: now });
      return { status: next.status };
    });
  }

  /** POST /:id/execute_send: sent at send_at by the timers, or at once when that time has come. */
  async executeSend(helpdesk: Helpdesk, actor: string, notification_id: string, send_at_text: string): Promise<void> {
    const send_at = parseSendAt(send_at_text);
    if (send_at === undefined) throw badField('send_at', 'must be milliseconds since the epoch as a string of digits, e.g. "1624326025000"', send_at_text);
    await this.change(helpdesk, notification_id, { kind: 'execute_send' }, async (repos, row, next, now) => {
      await repos.notifications.update(notification_id, { status: next.status, send_at, update_user_id: actor, updated_at: now });
      if (send_at <= now) await this.send(repos, helpdesk, { ...row, status: next.status, send_at }, now);
    });
  }

  /** POST /:id/cancel_send: stops a send not yet made; is_recall takes back the messages already sent. */
  async cancelSend(helpdesk: Helpdesk, actor: string, notification_id: string, is_recall: boolean): Promise<void> {
    await this.change(helpdesk, notification_id, { kind: 'cancel_send' }, async (repos, _row, next, now) => {
      await repos.notifications.update(notification_id, { status: next.status, update_user_id: actor, updated_at: now });
      if (!is_recall) return;
      const sent = (await repos.notifications.recipients(notification_id)).filter((r) => r.recalled_at === null);
      await repos.messages.deleteByMessageIds(sent.map((r) => r.message_id));
      await repos.notifications.markRecalled(notification_id, now);
    });
  }

  /** Scheduled notifications due by `until` (the timers' look). */
  due(until: number): Promise<DueNotification[]> {
    return this.store.repos.notifications.dueScheduled(NotificationStatus.scheduled, until);
  }

  /** The timers' send, in its own transaction; another process that sent it first, or a cancel, leaves nothing to do. */
  async sendDue(item: DueNotification, at: number): Promise<void> {
    await this.store.write(async (repos) => {
      const helpdesk = await repos.helpdesks.find(item.helpdesk_id);
      const row = helpdesk && (await repos.notifications.lock(item.helpdesk_id, item.notification_id));
      if (!helpdesk || !row || row.status !== NotificationStatus.scheduled || row.send_at === null || row.send_at > at) return;
      await this.send(repos, helpdesk, row, at);
    });
  }

  /** The card to every user the notification targets now, into their chat with the helpdesk bot. */
  private async send(repos: Repositories, helpdesk: Helpdesk, row: NotificationRow, now: number): Promise<void> {
    const next = transition(row.status, { kind: 'send' });
    if (!next.ok) throw new ApiError(errors.methodForbidden, { detail: next.description });
    const members = await repos.identities.tenantMembers(helpdesk.tenant_key);
    const recipients = recipientsOf(targetingOf(row), members);
    // A few statements for the whole send, not a few a user: a tenant of thousands is sent in one short transaction.
    const chats = await repos.chats.lockOrCreateMany(helpdesk.helpdesk_id, recipients, 'bot', newChatId, now);
    const messages = await this.writer.postOutsideTicketToMany(repos, helpdesk.helpdesk_id, recipients.map((open_id) => chats.get(open_id)!.chat_id), cardOf(row), now);
    await repos.notifications.addRecipients(
      recipients.map((open_id, i) => ({ notification_id: row.notification_id, open_id, chat_id: messages[i].chat_id, message_id: messages[i].message_id, sent_at: now, recalled_at: null })),
    );
    await repos.notifications.update(row.notification_id, { status: next.status, target_user_count: recipients.length, updated_at: now });
  }

  private async sendTo(repos: Repositories, helpdesk_id: string, open_id: string, message: NewMessage, now: number) {
    const chat = await repos.chats.lockOrCreate(helpdesk_id, open_id, 'bot', newChatId(), now);
    return this.writer.postOutsideTicket(repos, helpdesk_id, chat.chat_id, message, now);
  }

  /**
   * One call on one notification: locked, moved by the state machine (405/154005 when its status forbids the call),
   * written by `write`, with notification.approve_v1 added when the move is a review outcome.
   */
  private async change<T>(
    helpdesk: Helpdesk,
    notification_id: string,
    action: NotificationAction,
    write: (repos: Repositories, row: NotificationRow, next: Extract<Transition, { ok: true }>, now: number) => Promise<T>,
  ): Promise<T> {
    return this.store.write(async (repos) => {
      const now = this.clock.now();
      const row = await repos.notifications.lock(helpdesk.helpdesk_id, notification_id);
      if (!row) throw notificationNotFound(notification_id);
      const next = transition(row.status, action);
      if (!next.ok) throw new ApiError(errors.methodForbidden, { detail: next.description });
      const answer = await write(repos, row, next, now);
      if (next.approve_status) {
        await addEvent(repos, {
          event_type: NOTIFICATION_APPROVED, tenant_key: helpdesk.tenant_key, helpdesk_id: helpdesk.helpdesk_id, create_time: now,
          event: { notification_id, helpdesk_id: helpdesk.helpdesk_id, approve_status: next.approve_status },
        });
      }
      return answer;
    });
  }
}

/** The stored columns of a notification's content and targeting, each fault named; target_user_count as it stands now. */
async function checkedFields(repos: Repositories, helpdesk: Helpdesk, input: CreateNotificationBody) {
  const violations: FieldViolation[] = [];
  const card = parseContent('interactive', input.push_content);
  if (!card.ok) violations.push({ field: 'push_content', description: `must be an interactive card as JSON text: it ${card.description}` });
  const user_ids: string[] = [];
  (input.user_list ?? []).forEach((u, i) => {
    if (!u.user_id) violations.push({ field: `user_list[${i}].user_id`, description: 'is required' });
    else user_ids.push(u.user_id);
  });
  const department_ids: string[] = [];
  (input.department_list ?? []).forEach((d, i) => {
    if (!d.department_id) violations.push({ field: `department_list[${i}].department_id`, description: 'is required' });
    else department_ids.push(d.department_id);
  });
  const known = new Set((await repos.identities.findUsers(helpdesk.tenant_key, user_ids)).map((u) => u.open_id));
  (input.user_list ?? []).forEach((u, i) => {
    if (u.user_id && !known.has(u.user_id)) violations.push({ field: `user_list[${i}].user_id`, value: u.user_id, description: 'no such user in this tenant (user_id_type open_id)' });
  });
  const chat_list = input.chat_list ?? [];
  const new_staff_scope_department_list = input.new_staff_scope_department_list ?? [];
  violations.push(
    ...targetingProblems({ push_type: input.push_type, push_scope_type: input.push_scope_type, new_staff_scope_department_list, user_ids, department_ids, chat_list }),
  );
  if (violations.length > 0) throw badRequest(violations);
  const targets = recipientsOf({ push_scope_type: input.push_scope_type, user_ids, department_ids }, await repos.identities.tenantMembers(helpdesk.tenant_key));
  return {
    push_content: input.push_content,
    push_type: input.push_type,
    push_scope_type: input.push_scope_type,
    new_staff_scope_type: input.new_staff_scope_type ?? null,
    new_staff_scope_department_list: JSON.stringify(new_staff_scope_department_list),
    user_ids: JSON.stringify([...new Set(user_ids)]),
    department_list: JSON.stringify(input.department_list ?? []),
    chat_list: JSON.stringify(chat_list),
    ext: input.ext ?? null,
    send_at: input.send_at === undefined ? null : Number(input.send_at),
    target_user_count: targets.length,
  } satisfies NotificationChanges;
}

function targetingOf(row: NotificationRow) {
  return {
    push_scope_type: row.push_scope_type,
    user_ids: JSON.parse(row.user_ids) as string[],
    department_ids: (JSON.parse(row.department_list) as { department_id?: string }[]).flatMap((d) => (d.department_id ? [d.department_id] : [])),
  };
}

function cardOf(row: NotificationRow): NewMessage {
  return { msg_type: 'interactive', content: JSON.parse(row.push_content), text: '[card]' };
}

async function view(repos: Repositories, helpdesk: Helpdesk, row: NotificationRow): Promise<NotificationView> {
  const user_ids = JSON.parse(row.user_ids) as string[];
  const users = new Map((await repos.identities.findUsers(helpdesk.tenant_key, [...user_ids, row.create_user_id, row.update_user_id])).map((u) => [u.open_id, u]));
  const person = (open_id: string) => {
    const u = users.get(open_id);
    return u ? { user_id: u.open_id, avatar_url: u.avatar_url, name: u.name } : { user_id: open_id };
  };
  return {
    id: row.notification_id,
    job_name: row.job_name,
    status: row.status,
    create_user: person(row.create_user_id),
    created_at: String(row.created_at),
    update_user: person(row.update_user_id),
    updated_at: String(row.updated_at),
    target_user_count: row.target_user_count,
    sent_user_count: await repos.notifications.countSent(row.notification_id),
    // Kefu does not know when a user has read a message.
    read_user_count: 0,
    ...(row.send_at === null ? {} : { send_at: String(row.send_at) }),
    push_content: row.push_content,
    push_type: row.push_type,
    push_scope_type: row.push_scope_type,
    ...(row.new_staff_scope_type === null ? {} : { new_staff_scope_type: row.new_staff_scope_type }),
    new_staff_scope_department_list: JSON.parse(row.new_staff_scope_department_list),
    user_list: user_ids.map(person),
    department_list: JSON.parse(row.department_list),
    chat_list: JSON.parse(row.chat_list),
    ...(row.ext === null ? {} : { ext: row.ext }),
  };
}

/** Feishu lists 404/154004 for an unknown notification (lifecycle.md); another helpdesk's is as unknown. */
function notificationNotFound(notification_id: string): ApiError {
  return new ApiError(errors.resourceNotFound, {
    detail: 'no such notification in this helpdesk',
    fieldViolations: [{ field: 'notification_id', value: notification_id, description: 'no such notification in this helpdesk' }],
  });
}
