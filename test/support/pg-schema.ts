// An empty PostgreSQL schema, not yet migrated: for tests in which `kefu` itself (child processes, migrate-data)
// creates the tables, as it does on a new deployment.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { scratchPgDatabase, withSchema } from './databases.js';

export interface EmptySchema {
  /** A URL whose connections use the schema (what `kefu serve --db` and `kefu migrate-data --to` are given). */
  url: string;
  drop(): Promise<void>;
}

export async function emptySchema(prefix = 'kefu_empty'): Promise<EmptySchema> {
  // The schema lives in a database of its own, so dropping it never races another test's catalog reads.
  const scratch = await scratchPgDatabase(prefix);
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return { url: withSchema(scratch.url, schema), drop: scratch.drop };
}
