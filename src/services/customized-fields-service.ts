// Customized fields: a helpdesk's ticket fields through the Open API (owner or admin writes; every read is the
// helpdesk's own), its user fields (fixtures), and the check PUT tickets runs on a ticket's values.
import {
  resolveTicketFieldValues,
  validateAllowMultiple,
  validateDropdownOptions,
  type DefinedTicketField,
  type FieldType,
  type TicketFieldInput,
  type TicketFieldValue,
} from '../domain/customized-fields.js';
import type { Clock } from '../platform/clock.js';
import { badField, badRequest } from '../platform/errors.js';
import { snowflakeId } from '../platform/ids.js';
import { isUniqueViolation } from '../repositories/agents-repository.js';
import { newFieldRow, type CustomizedFieldChanges, type CustomizedFieldRow } from '../repositories/customized-fields-repository.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type {
  CreateTicketCustomizedFieldBody,
  PatchTicketCustomizedFieldBody,
  TicketCustomizedFieldView,
  UserCustomizedFieldView,
} from '../schemas/customized-fields.js';
import type { TicketUser } from '../schemas/tickets.js';
import type { Store } from './store.js';
import { writeInTurn } from './write-turns.js';

export class CustomizedFieldsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** POST ticket_customized_fields: answers the new field's id (Feishu answers `{}`; the id saves a list call). */
  async create(helpdesk: Helpdesk, actor: string | null, input: CreateTicketCustomizedFieldBody): Promise<string> {
    // The header names the helpdesk; a body naming another one is a mistake worth saying, not a way in.
    if (input.helpdesk_id !== undefined && input.helpdesk_id !== '' && input.helpdesk_id !== helpdesk.helpdesk_id) {
      throw badField('helpdesk_id', 'is not the helpdesk of the X-Lark-Helpdesk-Authorization header', input.helpdesk_id);
    }
    const violations = [...validateAllowMultiple(input.dropdown_allow_multiple, input.field_type), ...validateDropdownOptions(input.dropdown_options, input.field_type)];
    if (violations.length > 0) throw badRequest(violations);
    const now = this.clock.now();
    const field_id = snowflakeId(now);
    try {
      await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
        if (await repos.customizedFields.findByKey(helpdesk.helpdesk_id, 'ticket', input.key_name)) throw keyNameTaken(input.key_name);
        await repos.customizedFields.insert(newFieldRow({ ...input, field_id, helpdesk_id: helpdesk.helpdesk_id, kind: 'ticket', created_by: actor }, now));
      });
    } catch (error) {
      // Another process took the key_name between the check and the insert.
      if (isUniqueViolation(error)) throw keyNameTaken(input.key_name);
      throw error;
    }
    return field_id;
  }

  /** GET ticket_customized_fields: one page in id order; next_page_token only while more follow (Go stops on its absence). */
  async list(helpdesk: Helpdesk, page: { page_token?: string; page_size: number; visible?: boolean }) {
    const rows = await this.store.repos.customizedFields.page(helpdesk.helpdesk_id, 'ticket', {
      after: page.page_token === '' ? undefined : page.page_token,
      limit: page.page_size + 1,
      visible: page.visible,
    });
    const has_more = rows.length > page.page_size;
    const items = await this.ticketViews(helpdesk, rows.slice(0, page.page_size));
    return { has_more, ...(has_more ? { next_page_token: items[items.length - 1].ticket_customized_field_id } : {}), items };
  }

  /** GET ticket_customized_fields/:id: the field itself, unwrapped. */
  async get(helpdesk: Helpdesk, field_id: string): Promise<TicketCustomizedFieldView> {
    const row = await this.store.repos.customizedFields.find(helpdesk.helpdesk_id, 'ticket', field_id);
    if (!row) throw fieldNotFound(field_id);
    return (await this.ticketViews(helpdesk, [row]))[0];
  }

  /** PATCH ticket_customized_fields/:id: absent fields stay; key_name, field_type and editable are fixed at creation. */
  async patch(helpdesk: Helpdesk, actor: string | null, field_id: string, input: PatchTicketCustomizedFieldBody): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      const row = await repos.customizedFields.find(helpdesk.helpdesk_id, 'ticket', field_id);
      if (!row) throw fieldNotFound(field_id);
      const violations = validateDropdownOptions(input.dropdown_options, row.field_type as FieldType);
      if (violations.length > 0) throw badRequest(violations);
      const changes: CustomizedFieldChanges = { updated_at: this.clock.now(), updated_by: actor };
      if (input.display_name !== undefined) changes.display_name = input.display_name;
      if (input.position !== undefined) changes.position = input.position;
      if (input.description !== undefined) changes.description = input.description;
      if (input.visible !== undefined) changes.visible = input.visible ? 1 : 0;
      if (input.required !== undefined) changes.required = input.required ? 1 : 0;
      if (input.dropdown_options != null) changes.dropdown_options = JSON.stringify(input.dropdown_options);
      await repos.customizedFields.update(field_id, changes);
    });
  }

  /** DELETE ticket_customized_fields/:id: the definition goes; tickets keep the values they hold (their history). */
  async delete(helpdesk: Helpdesk, field_id: string): Promise<void> {
    await writeInTurn(this.store, helpdesk.helpdesk_id, async (repos) => {
      if (!(await repos.customizedFields.find(helpdesk.helpdesk_id, 'ticket', field_id))) throw fieldNotFound(field_id);
      await repos.customizedFields.delete(field_id);
    });
  }

  /** GET customized_fields: every user and ticket field of the helpdesk, unpaged; visible_only keeps the visible ones. */
  async listAll(helpdesk: Helpdesk, visibleOnly: boolean) {
    const visible = visibleOnly ? true : undefined;
    const [userRows, ticketRows] = await Promise.all(
      (['user', 'ticket'] as const).map((kind) => this.store.repos.customizedFields.page(helpdesk.helpdesk_id, kind, { visible })),
    );
    return { user_customized_fields: userRows.map(userView), ticket_customized_fields: await this.ticketViews(helpdesk, ticketRows) };
  }

  private async ticketViews(helpdesk: Helpdesk, rows: readonly CustomizedFieldRow[]): Promise<TicketCustomizedFieldView[]> {
    const ids = rows.flatMap((r) => [r.created_by, r.updated_by]).filter((id): id is string => id !== null);
    const users = new Map<string, TicketUser>(
      (await this.store.repos.identities.findUsers(helpdesk.tenant_key, ids)).map((u) => [
        u.open_id,
        { id: u.open_id, avatar_url: u.avatar_url, name: u.name, email: u.email, department: u.department, city: u.city, country: u.country },
      ]),
    );
    const person = (id: string | null) => (id === null ? undefined : (users.get(id) ?? { id }));
    return rows.map((r) => ({
      ticket_customized_field_id: r.field_id,
      ...commonView(r),
      created_by: person(r.created_by),
      updated_by: person(r.updated_by),
      dropdown_allow_multiple: Boolean(r.dropdown_allow_multiple),
      dropdown_options: r.dropdown_options === null ? undefined : JSON.parse(r.dropdown_options),
    }));
  }
}

/**
 * What PUT tickets runs on its `customized_fields` inside its transaction: each item resolved against the helpdesk's
 * ticket fields (by id, or by key_name), or 400/154000 naming `customized_fields[i].id` (or .key_name, .value).
 * Answers the values as the ticket stores and answers them; mergeTicketFieldValues folds them into the ticket's own.
 */
export async function validateTicketCustomizedFields(repos: Repositories, helpdesk_id: string, fields: readonly TicketFieldInput[]): Promise<TicketFieldValue[]> {
  const defined = (await repos.customizedFields.page(helpdesk_id, 'ticket')).map(toDefined);
  const { values, violations } = resolveTicketFieldValues(fields, defined);
  if (violations.length > 0) throw badRequest(violations);
  return values;
}

function toDefined(r: CustomizedFieldRow): DefinedTicketField {
  return { id: r.field_id, key_name: r.key_name, display_name: r.display_name, position: r.position, required: Boolean(r.required), editable: Boolean(r.editable) };
}

function commonView(r: CustomizedFieldRow) {
  return {
    helpdesk_id: r.helpdesk_id,
    key_name: r.key_name,
    display_name: r.display_name,
    position: r.position,
    field_type: r.field_type,
    description: r.description,
    visible: Boolean(r.visible),
    editable: Boolean(r.editable),
    required: Boolean(r.required),
    // Feishu answers these times as strings of milliseconds.
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

function userView(r: CustomizedFieldRow): UserCustomizedFieldView {
  return { user_customized_field_id: r.field_id, id: r.field_id, ...commonView(r) };
}

function keyNameTaken(key_name: string) {
  return badField('key_name', 'another ticket customized field of this helpdesk has this key_name', key_name);
}

/** Feishu lists no 404 for these endpoints: an unknown id is a bad request naming it (lifecycle.md). */
function fieldNotFound(field_id: string) {
  return badField('ticket_customized_field_id', 'no ticket customized field of this helpdesk has this id', field_id);
}
