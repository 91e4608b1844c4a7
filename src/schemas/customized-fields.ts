// Ticket customized fields (POST/GET/PATCH/DELETE /ticket_customized_fields) and GET /customized_fields
// (feishu-surface.md §3). Types are checked here; the rules across fields (dropdown options, key_name taken) are
// the domain's and the service's, which name the exact field.
import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';
import { TicketUser } from './tickets.js';

export const FIELD_TYPES = ['string', 'multiline', 'dropdown', 'dropdown_nested'] as const;

/** The list's page size: Feishu's default 20, at most 100. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const KeyName = Type.String({ minLength: 1, maxLength: 128 });
const DisplayName = Type.String({ minLength: 1, maxLength: 128 });
/** A number as text on the wire ("3"): the ticket's customized_fields answer it as an integer. */
const Position = Type.String({ pattern: '^[0-9]{1,9}$' });
const Description = Type.String({ maxLength: 1024 });

export const TicketCustomizedFieldIdParams = Type.Object({ ticket_customized_field_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateTicketCustomizedFieldBody = Type.Object({
  /** The SDK's type carries it; the helpdesk header names the helpdesk, and a different one here is refused. */
  helpdesk_id: Type.Optional(Type.String({ maxLength: 64 })),
  key_name: KeyName,
  display_name: DisplayName,
  position: Position,
  field_type: Type.Unsafe<(typeof FIELD_TYPES)[number]>(Type.String({ enum: [...FIELD_TYPES] })),
  description: Description,
  visible: Type.Boolean(),
  editable: Type.Optional(Type.Boolean()),
  required: Type.Boolean(),
  dropdown_allow_multiple: Type.Optional(Type.Boolean()),
  /** {children: [{tag, display_name, children?}]}, up to three levels; checked by validateDropdownOptions. */
  dropdown_options: Type.Optional(Type.Unknown()),
});
export type CreateTicketCustomizedFieldBody = Static<typeof CreateTicketCustomizedFieldBody>;

export const PatchTicketCustomizedFieldBody = Type.Object({
  display_name: Type.Optional(DisplayName),
  position: Type.Optional(Position),
  description: Type.Optional(Description),
  visible: Type.Optional(Type.Boolean()),
  required: Type.Optional(Type.Boolean()),
  dropdown_options: Type.Optional(Type.Unknown()),
});
export type PatchTicketCustomizedFieldBody = Static<typeof PatchTicketCustomizedFieldBody>;

/** page_token is the id of the last field of the previous page (opaque to clients); empty means the first page. */
export const ListTicketCustomizedFieldsQuery = Type.Object({
  page_token: Type.Optional(Type.String({ maxLength: 64 })),
  page_size: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
  /** Kefu's fallback for clients that cannot send a body on GET; the body's `visible` wins. */
  visible: Type.Optional(Type.Boolean()),
});
export type ListTicketCustomizedFieldsQuery = Static<typeof ListTicketCustomizedFieldsQuery>;

/** What ticket and user fields answer alike. */
const FieldViewProperties = {
  helpdesk_id: Type.String(),
  key_name: Type.String(),
  display_name: Type.String(),
  position: Type.String(),
  field_type: Type.String(),
  description: Type.String(),
  visible: Type.Boolean(),
  editable: Type.Boolean(),
  required: Type.Boolean(),
  /** Milliseconds as a string, as Feishu answers them. */
  created_at: Type.String(),
  updated_at: Type.String(),
};

export const TicketCustomizedFieldView = Type.Object({
  ticket_customized_field_id: Type.String(),
  ...FieldViewProperties,
  created_by: Type.Optional(TicketUser),
  updated_by: Type.Optional(TicketUser),
  dropdown_allow_multiple: Type.Boolean(),
  dropdown_options: Type.Optional(Type.Unknown()),
});
export type TicketCustomizedFieldView = Static<typeof TicketCustomizedFieldView>;

export const UserCustomizedFieldView = Type.Object({
  user_customized_field_id: Type.String(),
  /** Feishu's legacy duplicate of user_customized_field_id. */
  id: Type.String(),
  ...FieldViewProperties,
});
export type UserCustomizedFieldView = Static<typeof UserCustomizedFieldView>;

export const GetTicketCustomizedFieldAnswer = Envelope(TicketCustomizedFieldView);
export const ListTicketCustomizedFieldsAnswer = Envelope(
  Type.Object({ has_more: Type.Boolean(), next_page_token: Type.Optional(Type.String()), items: Type.Array(TicketCustomizedFieldView) }),
);

export const ListCustomizedFieldsQuery = Type.Object({ visible_only: Type.Optional(Type.Boolean()) });
export const ListCustomizedFieldsAnswer = Envelope(
  Type.Object({ user_customized_fields: Type.Array(UserCustomizedFieldView), ticket_customized_fields: Type.Array(TicketCustomizedFieldView) }),
);
