// A helpdesk's customized fields: ticket fields (the Open API's ticket_customized_fields) and user fields (fixtures).
import type { Insertable, Selectable } from 'kysely';
import type { CustomizedFieldTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type CustomizedFieldKind = 'ticket' | 'user';
export type CustomizedFieldRow = Selectable<CustomizedFieldTable>;
export type CustomizedFieldChanges = Partial<Pick<CustomizedFieldRow, 'display_name' | 'position' | 'description' | 'visible' | 'required' | 'dropdown_options'>> &
  Pick<CustomizedFieldRow, 'updated_at' | 'updated_by'>;

/** A field as a caller or a fixture defines it; what it leaves out takes Feishu's defaults. */
export interface FieldDefinition {
  field_id: string;
  helpdesk_id: string;
  kind: CustomizedFieldKind;
  key_name: string;
  display_name: string;
  position: string;
  field_type: string;
  description?: string;
  visible?: boolean;
  editable?: boolean;
  required?: boolean;
  dropdown_allow_multiple?: boolean;
  dropdown_options?: unknown;
  created_by?: string | null;
}

/** The stored row of a new field: booleans as 0/1 (editable and visible default to true), options as JSON text. */
export function newFieldRow(d: FieldDefinition, now: number): Insertable<CustomizedFieldTable> {
  return {
    field_id: d.field_id,
    helpdesk_id: d.helpdesk_id,
    kind: d.kind,
    key_name: d.key_name,
    display_name: d.display_name,
    position: d.position,
    field_type: d.field_type,
    description: d.description ?? '',
    visible: d.visible === false ? 0 : 1,
    editable: d.editable === false ? 0 : 1,
    required: d.required ? 1 : 0,
    dropdown_allow_multiple: d.dropdown_allow_multiple ? 1 : 0,
    dropdown_options: d.dropdown_options == null ? null : JSON.stringify(d.dropdown_options),
    created_at: now,
    updated_at: now,
    created_by: d.created_by ?? null,
    updated_by: d.created_by ?? null,
  };
}

export class CustomizedFieldsRepository {
  constructor(private readonly db: Executor) {}

  async find(helpdesk_id: string, kind: CustomizedFieldKind, field_id: string): Promise<CustomizedFieldRow | undefined> {
    return this.db
      .selectFrom('customized_fields')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('kind', '=', kind)
      .where('field_id', '=', field_id)
      .executeTakeFirst();
  }

  async findByKey(helpdesk_id: string, kind: CustomizedFieldKind, key_name: string): Promise<CustomizedFieldRow | undefined> {
    return this.db
      .selectFrom('customized_fields')
      .selectAll()
      .where('helpdesk_id', '=', helpdesk_id)
      .where('kind', '=', kind)
      .where('key_name', '=', key_name)
      .executeTakeFirst();
  }

  /** Fields of one kind in id order, those after `after` (a page token), at most `limit`; optionally only (in)visible ones. */
  async page(helpdesk_id: string, kind: CustomizedFieldKind, options: { after?: string; limit?: number; visible?: boolean } = {}): Promise<CustomizedFieldRow[]> {
    let query = this.db.selectFrom('customized_fields').selectAll().where('helpdesk_id', '=', helpdesk_id).where('kind', '=', kind);
    if (options.after !== undefined) query = query.where('field_id', '>', options.after);
    if (options.visible !== undefined) query = query.where('visible', '=', options.visible ? 1 : 0);
    query = query.orderBy('field_id');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.execute();
  }

  async insert(row: Insertable<CustomizedFieldTable>): Promise<void> {
    await this.db.insertInto('customized_fields').values(row).execute();
  }

  /** Fixture loading: a field given again replaces the stored one. */
  async upsert(row: Insertable<CustomizedFieldTable>): Promise<void> {
    const { field_id, created_at, ...rest } = row;
    await this.db
      .insertInto('customized_fields')
      .values(row)
      .onConflict((oc) => oc.column('field_id').doUpdateSet(rest))
      .execute();
  }

  async update(field_id: string, changes: CustomizedFieldChanges): Promise<void> {
    await this.db.updateTable('customized_fields').set(changes).where('field_id', '=', field_id).execute();
  }

  async delete(field_id: string): Promise<void> {
    await this.db.deleteFrom('customized_fields').where('field_id', '=', field_id).execute();
  }
}
