// The push centre: POST/GET/PATCH /notifications and their actions (feishu-surface.md §4), and Kefu's review.
// Types are checked here; the targeting rules across fields and the state machine are the domain's.
import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

const NotificationUser = Type.Object({
  user_id: Type.Optional(Type.String({ maxLength: 64 })),
  avatar_url: Type.Optional(Type.String({ maxLength: 2048 })),
  name: Type.Optional(Type.String({ maxLength: 256 })),
});
const Department = Type.Object({
  department_id: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 256 })),
});
const ChatRef = Type.Object({
  chat_id: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 256 })),
});
/** Milliseconds as a string of digits, as Feishu answers notification times. */
const MillisText = Type.String({ pattern: '^[0-9]{1,15}$' });

export const MAX_USER_LIST = 500;
export const MAX_DEPARTMENT_LIST = 100;

/** Every field the SDK's type carries; the ones Kefu sets (id, status, counts, users, times) are read and ignored. */
const NotificationFields = {
  id: Type.Optional(Type.String({ maxLength: 64 })),
  job_name: Type.String({ minLength: 1, maxLength: 256 }),
  status: Type.Optional(Type.Integer()),
  create_user: Type.Optional(NotificationUser),
  created_at: Type.Optional(Type.String({ maxLength: 32 })),
  update_user: Type.Optional(NotificationUser),
  updated_at: Type.Optional(Type.String({ maxLength: 32 })),
  target_user_count: Type.Optional(Type.Integer()),
  sent_user_count: Type.Optional(Type.Integer()),
  read_user_count: Type.Optional(Type.Integer()),
  /** The proposed time; execute_send sets the one the notification is sent at. */
  send_at: Type.Optional(MillisText),
  /** An interactive card as JSON text ({"config":…,"elements":[…]}). */
  push_content: Type.String({ minLength: 2, maxLength: 200_000 }),
  /** 0 scheduled push; 1 new-hire push (not supported: docs/notifications.md). */
  push_type: Type.Integer({ minimum: 0, maximum: 1 }),
  /** 0 all members, 1 chats only, 2 some members, 3 new hires. */
  push_scope_type: Type.Integer({ minimum: 0, maximum: 3 }),
  new_staff_scope_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  new_staff_scope_department_list: Type.Optional(Type.Array(Department, { maxItems: MAX_DEPARTMENT_LIST })),
  user_list: Type.Optional(Type.Array(NotificationUser, { maxItems: MAX_USER_LIST })),
  department_list: Type.Optional(Type.Array(Department, { maxItems: MAX_DEPARTMENT_LIST })),
  chat_list: Type.Optional(Type.Array(ChatRef, { maxItems: 100 })),
  ext: Type.Optional(Type.String({ maxLength: 4096 })),
};

/** POST: job_name, push_content, push_type and push_scope_type are required (Feishu's docs mark them 必填). */
export const CreateNotificationBody = Type.Object(NotificationFields);
export type CreateNotificationBody = Static<typeof CreateNotificationBody>;

/** PATCH: any of them; absent fields stay. */
export const PatchNotificationBody = Type.Partial(Type.Object(NotificationFields));
export type PatchNotificationBody = Static<typeof PatchNotificationBody>;

/** Kefu users carry open ids only. */
export const UserIdTypeQuery = Type.Object({ user_id_type: Type.Optional(Type.Literal('open_id')) });

export const NotificationIdParams = Type.Object({ notification_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const SubmitApproveBody = Type.Object({ reason: Type.String({ maxLength: 1024 }) });
export const ExecuteSendBody = Type.Object({ send_at: Type.String({ maxLength: 32 }) });
export const CancelSendBody = Type.Object({ is_recall: Type.Boolean() });
export const ReviewBody = Type.Object({ approve: Type.Boolean() });

export const NotificationView = Type.Object({
  id: Type.String(),
  job_name: Type.String(),
  status: Type.Integer(),
  create_user: NotificationUser,
  created_at: Type.String(),
  update_user: NotificationUser,
  updated_at: Type.String(),
  target_user_count: Type.Integer(),
  sent_user_count: Type.Integer(),
  read_user_count: Type.Integer(),
  send_at: Type.Optional(Type.String()),
  push_content: Type.String(),
  push_type: Type.Integer(),
  push_scope_type: Type.Integer(),
  new_staff_scope_type: Type.Optional(Type.Integer()),
  new_staff_scope_department_list: Type.Array(Department),
  user_list: Type.Array(NotificationUser),
  department_list: Type.Array(Department),
  chat_list: Type.Array(ChatRef),
  ext: Type.Optional(Type.String()),
});
export type NotificationView = Static<typeof NotificationView>;

export const CreateNotificationAnswer = Envelope(Type.Object({ notification_id: Type.String(), status: Type.Integer() }));
export const GetNotificationAnswer = Envelope(Type.Object({ notification: NotificationView }));
export const SubmitApproveAnswer = Envelope(Type.Object({ has_access: Type.Boolean() }));
/** Kefu's review answers the status it left the notification in. */
export const ReviewAnswer = Envelope(Type.Object({ status: Type.Integer() }));
