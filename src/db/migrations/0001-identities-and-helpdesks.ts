import type { Kysely } from 'kysely';

// bigint holds millisecond timestamps on PostgreSQL; SQLite's integer is already 64-bit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tenants')
    .addColumn('tenant_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('app_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
    .addColumn('app_secret', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('open_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_by_tenant_email').on('users').columns(['tenant_key', 'email']).execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('tenant_key', 'text', (c) => c.notNull())
    .addColumn('open_id', 'text', (c) => c.references('users.open_id'))
    .addColumn('token_id', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('access_tokens_by_app')
    .on('access_tokens')
    .columns(['app_id', 'kind', 'expires_at'])
    .execute();

  await db.schema
    .createTable('helpdesks')
    .addColumn('helpdesk_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('helpdesk_token', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('owner_open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .execute();

  await db.schema
    .createTable('helpdesk_admins')
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addPrimaryKeyConstraint('helpdesk_admins_pk', ['helpdesk_id', 'open_id'])
    .execute();

  await db.schema
    .createTable('agents')
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('schedule', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('agents_pk', ['helpdesk_id', 'open_id'])
    .execute();

  await db.schema
    .createTable('skills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('helpdesk_id', 'text', (c) => c.notNull().references('helpdesks.helpdesk_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skills_by_helpdesk').on('skills').columns(['helpdesk_id', 'created_at']).execute();

  await db.schema
    .createTable('skill_agents')
    .addColumn('skill_id', 'text', (c) => c.notNull().references('skills.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addPrimaryKeyConstraint('skill_agents_pk', ['skill_id', 'agent_id'])
    .execute();
  await db.schema.createIndex('skill_agents_by_agent').on('skill_agents').columns(['agent_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['skill_agents', 'skills', 'agents', 'helpdesk_admins', 'helpdesks', 'access_tokens', 'users', 'apps', 'tenants', 'settings']) {
    await db.schema.dropTable(table).execute();
  }
}
