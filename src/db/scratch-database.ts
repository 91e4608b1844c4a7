// A new, empty PostgreSQL database beside the one a URL names, dropped when done: each test server gets its own, so
// servers in parallel test files never see each other's data (a database rather than a schema: Kysely's migrator
// reads the whole catalogue, which a schema dropped by another process at that moment breaks).
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Needs a role that may create databases (CREATEDB). */
export async function createScratchDatabase(serverUrl: string, prefix = 'kefu'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(serverUrl, name) };
}

/**
 * Drops the database once its last connection has gone (a closed pool's backends may take a moment to exit).
 * Never WITH (FORCE): that kills connections, and one still held by this process would fail it with an uncaught error.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 25; attempt++) {
    try {
      await adminQuery(serverUrl, `drop database if exists ${name}`);
      return;
    } catch (error) {
      if (!/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
