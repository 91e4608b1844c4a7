// The databases every storage test runs on: SQLite always, PostgreSQL when KEFU_TEST_PG is set (npm test sets it
// when a server answers). Each call gives a fresh, empty, migrated database: a new SQLite file or a new PG schema.
// Where the servers are required (CI, or KEFU_TEST_PG given: scripts/run-tests.mjs), a missing one fails, never skips.
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

/**
 * A new, empty PostgreSQL database on the test server. Each test gets a database rather than a schema: dropping a
 * schema while another process introspects the catalog (Kysely's migrator lists every table of the database) makes
 * that introspection fail, and databases do not share a catalog.
 */
export async function scratchPgDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(name) };
}

/**
 * Drops a scratch database once its last connection has gone (a closed pool's backends may take a moment to exit).
 * Never WITH (FORCE): that kills connections, and one still held by this process would fail it with an uncaught error.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 25; attempt++) {
    try {
      await adminQuery(`drop database if exists ${name}`);
      return;
    } catch (error) {
      if (!/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
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

/** A PostgreSQL URL whose connections use the given schema (libpq's options parameter). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
