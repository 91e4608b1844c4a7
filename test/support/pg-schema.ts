// An empty PostgreSQL schema, not yet migrated: for tests in which `kefu` itself (child processes, migrate-data)
// creates the tables, as it does on a new deployment.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgUrl, withSchema } from './databases.js';

export interface EmptySchema {
  /** A URL whose connections use the schema (what `kefu serve --db` and `kefu migrate-data --to` are given). */
  url: string;
  drop(): Promise<void>;
}

export async function emptySchema(prefix = 'kefu_empty'): Promise<EmptySchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return { url: withSchema(pgUrl!, schema), drop: () => adminQuery(`drop schema if exists ${schema} cascade`) };
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
