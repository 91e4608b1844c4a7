// The databases every storage test runs on: SQLite always, PostgreSQL when KEFU_TEST_PG is set (npm test sets it
// when a server answers). Each call gives a fresh, empty, migrated database: a new SQLite file or a new PG schema.
// Where the servers are required (CI, or KEFU_TEST_PG given: scripts/run-tests.mjs), a missing one fails, never skips.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** What `kefu serve --db` would be given to reach this database (a schema-qualified URL for PostgreSQL). */
  url: string;
  database: Database;
  /** Drops the database (or schema) and closes every connection. */
  dispose(): Promise<void>;
}

export const pgUrl = process.env.KEFU_TEST_PG;
/** Set by scripts/run-tests.mjs in CI and when KEFU_TEST_PG is given: then PostgreSQL and Redis must be there. */
export const serversRequired = process.env.KEFU_TEST_SERVERS === 'required';
if (serversRequired && !pgUrl) throw new Error('PostgreSQL is required here (KEFU_TEST_SERVERS=required) but KEFU_TEST_PG is not set');
export const dialects: ('sqlite' | 'postgres')[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A suite's `skip` when it needs PostgreSQL: false when there is one (and always where the servers are required). */
export const withoutPostgres: string | false = pgUrl ? false : 'needs PostgreSQL (KEFU_TEST_PG)';

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
  const scratch = await scratchPgDatabase('kefu_test');
  const database = await openDatabase(scratch.url, { poolSize: 5 });
  return {
    name,
    url: scratch.url,
    database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}

/** A new, empty PostgreSQL database on the test server (src/db/scratch-database.ts). */
export function scratchPgDatabase(prefix: string): Promise<ScratchDatabase> {
  return createScratchDatabase(pgUrl!, prefix);
}

/** A PostgreSQL URL whose connections use the given schema (libpq's options parameter). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
