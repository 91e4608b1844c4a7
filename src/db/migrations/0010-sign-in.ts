// Sign-in (docs/sign-in.md): single-use sign-in links, browser sessions, password hashes, and the OIDC flow's
// authorization codes, refresh tokens and each app's allowed redirect URIs. Links, sessions, codes and refresh
// tokens are bearer secrets: only their sha256 is stored, as for access tokens.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_links')
    .addColumn('link_hash', 'text', (c) => c.primaryKey())
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('next_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  // csrf_token is a random value of the session's own, handed to pages that post forms (it is not a secret that
  // signs anything in, so it is kept as is).
  await db.schema
    .createTable('browser_sessions')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('browser_sessions_by_expiry').on('browser_sessions').column('expires_at').execute();
  // kdf names the function and params its cost (JSON), so stronger settings can come later beside old hashes.
  await db.schema
    .createTable('user_passwords')
    .addColumn('open_id', 'text', (c) => c.primaryKey().references('users.open_id'))
    .addColumn('kdf', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('app_redirect_uris')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_redirect_uris_pk', ['app_id', 'redirect_uri'])
    .execute();
  await db.schema
    .createTable('authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  // A refresh token is used once: using it marks it used and issues the next one.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.app_id'))
    .addColumn('open_id', 'text', (c) => c.notNull().references('users.open_id'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['refresh_tokens', 'authorization_codes', 'app_redirect_uris', 'user_passwords', 'browser_sessions', 'sign_in_links']) {
    await db.schema.dropTable(table).execute();
  }
}
