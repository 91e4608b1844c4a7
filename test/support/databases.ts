// The databases every storage test runs on: SQLite always, PostgreSQL when KEFU_TEST_PG is set (npm test sets it
// when a server answers). Each call gives a fresh, empty, migrated database: a new SQLite file or a new PG schema.
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/connect.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** What `kefu serve --db` would be given to reach this database (a schema-qualified URL for PostgreSQL). */
  url: string;
  database: Database;
  /** Drops the database (or schema) and closes every connection. */
  dispose(): Promise<void>;
}

export const pgUrl = process.env.KEFU_TEST_PG;
export const dialects: ('sqlite' | 'postgres')[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export async function freshDatabase(name: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-test-'));
    const url = join(dir, 'kefu.db');
    const database = await openDatabase(url);
    return {
      name,
      url,
      database,
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `kefu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase(pgUrl!, { pgSchema: schema, poolSize: 5 });
  return {
    name,
    url: withSchema(pgUrl!, schema),
    database,
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: pgUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** A PostgreSQL URL whose connections use the given schema (libpq's options parameter). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
