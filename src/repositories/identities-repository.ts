// Tenants, apps and users.
import type { Selectable } from 'kysely';
import type { AppTable, UserTable } from '../db/schema.js';
import { parseJson, type Executor } from './executor.js';
import { listSlots, listValues, prepared, PreparedByShape } from './prepared.js';

export type UserRow = Selectable<UserTable>;

export interface App {
  app_id: string;
  tenant_key: string;
  /** sha256 (hex) of the secret. */
  app_secret_hash: string;
  scopes: string[];
}

function toApp(row: Selectable<AppTable>): App {
  return { ...row, scopes: parseJson<string[]>(row.scopes, []) };
}

// Every ticket event names its guest and agents (findUsers), a start reads its guest: compiled once (prepared.ts).
const userById = prepared<{ open_id: string }, UserRow>((db, v) => db.selectFrom('users').selectAll().where('open_id', '=', v.open_id));
const usersByIds = new PreparedByShape<number, Record<string, string>, UserRow>(String, (n) => (db, v) =>
  db.selectFrom('users').selectAll().where('open_id', 'in', listSlots('v', n).map((k) => v[k])),
);

export class IdentitiesRepository {
  constructor(private readonly db: Executor) {}

  async upsertTenant(tenant_key: string, name: string): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ tenant_key, name })
      .onConflict((oc) => oc.column('tenant_key').doUpdateSet({ name }))
      .execute();
  }

  async upsertApp(app: App): Promise<void> {
    const values = { ...app, scopes: JSON.stringify(app.scopes) };
    await this.db
      .insertInto('apps')
      .values(values)
      .onConflict((oc) => oc.column('app_id').doUpdateSet({ app_secret_hash: values.app_secret_hash, scopes: values.scopes }))
      .execute();
  }

  async findApp(app_id: string): Promise<App | undefined> {
    const row = await this.db.selectFrom('apps').selectAll().where('app_id', '=', app_id).executeTakeFirst();
    return row && toApp(row);
  }

  async upsertUser(user: UserRow): Promise<void> {
    const { open_id, ...rest } = user;
    await this.db
      .insertInto('users')
      .values(user)
      .onConflict((oc) => oc.column('open_id').doUpdateSet(rest))
      .execute();
  }

  async findUser(open_id: string): Promise<UserRow | undefined> {
    return userById.first(this.db, { open_id });
  }

  /**
   * The tenant's users among `open_ids`. Read by primary key alone and filtered here: with a tenant condition and
   * four or more ids, SQLite without statistics walks users_by_tenant_email (every user of the tenant) instead.
   */
  async findUsers(tenant_key: string, open_ids: readonly string[]): Promise<UserRow[]> {
    if (open_ids.length === 0) return [];
    const ids = [...new Set(open_ids)];
    const rows = await usersByIds.of(ids.length).execute(this.db, listValues('v', ids, {}) as Record<string, string>);
    return rows.filter((u) => u.tenant_key === tenant_key);
  }

  /** Every user of the tenant with their department (a notification to all members, or to departments). */
  async tenantMembers(tenant_key: string): Promise<{ open_id: string; department_id: string }[]> {
    return this.db.selectFrom('users').select(['open_id', 'department_id']).where('tenant_key', '=', tenant_key).orderBy('open_id').execute();
  }

  async listApps(tenant_key: string): Promise<App[]> {
    return (await this.db.selectFrom('apps').selectAll().where('tenant_key', '=', tenant_key).orderBy('app_id').execute()).map(toApp);
  }

  async listUsers(tenant_key: string): Promise<{ open_id: string; name: string }[]> {
    return this.db.selectFrom('users').select(['open_id', 'name']).where('tenant_key', '=', tenant_key).orderBy('name').orderBy('open_id').limit(1000).execute();
  }

  async countTenants(): Promise<number> {
    const row = await this.db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
