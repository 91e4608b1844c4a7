// Opens Kefu's database: an embedded SQLite file (the default) or PostgreSQL, behind one Kysely query layer.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Schema } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqliteHandle } from './sqlite-handle.js';
import { PgChangeStamp } from './pg-change-stamp.js';
import type { ChangeStamp } from '../services/read-cache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** Where the data lives, with any password removed: safe to print. */
  location: string;
  close(): Promise<void>;
  /**
   * A value that moves whenever the data may have changed: at once on SQLite (sqlite-handle.ts), after a round trip
   * shared by the requests waiting for it on PostgreSQL (pg-change-stamp.ts).
   */
  changeStamp: ChangeStamp;
  /** PostgreSQL only: the pool's connections right now (the metrics read it at scrape time). */
  poolUse?: () => PoolUse;
  /**
   * PostgreSQL only: LISTEN on the channel `prefix` + the current schema, over a connection of its own (outside the
   * pool); `onEnd` is told if that connection is lost. Answers how to stop listening.
   */
  listen?: (prefix: string, onPayload: (payload: string) => void, onEnd: () => void) => Promise<() => Promise<void>>;
}

export interface PoolUse {
  total: number;
  idle: number;
  /** Requests waiting for a connection: the pool is too small for the load. */
  waiting: number;
  max: number;
}

export interface OpenOptions {
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL schema to use instead of public (tests use one schema each). */
  pgSchema?: string;
  /** SQLite file: copy the write-ahead log into the file on a worker thread, not inside commits (kefu serve). */
  backgroundCheckpoints?: boolean;
}

// int8 (bigint) and numeric counts arrive as strings from pg; Kefu's values fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const pgSchema = options.pgSchema ?? (isPostgresUrl(url) ? searchPathSchema(url) : undefined);
  const database = isPostgresUrl(url) ? openPostgres(url, { ...options, pgSchema }) : openSqlite(url, options.backgroundCheckpoints === true);
  await migrate(database.db, pgSchema);
  return database;
}

/**
 * The schema a URL like postgres://host/db?options=-c%20search_path%3Dkefu selects: the data, and Kysely's
 * migration bookkeeping with it, live there rather than in public.
 */
export function searchPathSchema(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  const match = /(?:^|\s)-c\s*search_path=("?)([^",\s]+)\1/.exec(options);
  return match?.[2];
}

function openSqlite(file: string, backgroundCheckpoints: boolean): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // 8 KiB pages for a new file (an existing one keeps its own): a million tickets load about a sixth faster than
  // with 4 KiB pages. WAL keeps readers off the writer's back and survives a killed process; busy_timeout lets a
  // second process (kefu generate while kefu serve runs) wait for the lock instead of failing.
  // busy_timeout comes first: switching to WAL reads the file, and a connection opened while another one
  // checkpoints would otherwise fail at once with SQLITE_BUSY instead of waiting.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('page_size = 8192');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Savepoints (every call of a group commit has one) and multi-row statements inside a transaction keep the
  // pages they change in a journal of their own; past 64 KiB (eight 8 KiB pages, which a ticket change passes)
  // SQLite spills it to a temporary file: opened, written and deleted for that one statement or call. In memory it
  // is never more than what one transaction changes.
  sqlite.pragma('temp_store = MEMORY');
  let checkpointer: SqliteCheckpointer | undefined;
  if (backgroundCheckpoints && file !== ':memory:') {
    sqlite.pragma('wal_autocheckpoint = 0');
    // Should the worker go, commits checkpoint again as SQLite's default does.
    checkpointer = new SqliteCheckpointer(file, () => sqlite.pragma('wal_autocheckpoint = 1000'));
  }
  const handle = new SqliteHandle(sqlite, checkpointer);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: handle }) });
  const close = async () => {
    await checkpointer?.stop();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', location: file, close, changeStamp: () => handle.changeStamp() };
}

const CURRENT_SNAPSHOT = { name: 'kefu_change_stamp', text: 'select pg_current_snapshot()::text as stamp' };

function openPostgres(url: string, options: OpenOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  // A named statement: parsed and planned once per connection.
  const stamp = new PgChangeStamp(async () => (await pool.query<{ stamp: string }>(CURRENT_SNAPSHOT)).rows[0]!.stamp);
  const poolUse = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 });
  const listen = async (prefix: string, onPayload: (payload: string) => void, onEnd: () => void) => {
    const client = new pg.Client({ connectionString: url, ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}) });
    let ended = false;
    const end = () => {
      if (!ended) onEnd();
      ended = true;
    };
    client.on('error', end);
    client.on('end', end);
    client.on('notification', (n) => onPayload(n.payload ?? ''));
    await client.connect();
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    await client.query(`LISTEN "${`${prefix}${rows[0]!.schema}`.replace(/"/g, '""')}"`);
    return async () => {
      ended = true;
      await client.end().catch(() => undefined);
    };
  };
  const changeStamp = () => stamp.current();
  return { db, dialect: 'postgres', location: redactPassword(url), close: () => db.destroy(), changeStamp, poolUse, listen };
}

async function migrate(db: Kysely<Schema>, pgSchema?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables in one named schema; it must be the schema the data lives in.
  const migrator = new Migrator({ db, provider: migrationProvider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
}

/**
 * The URL with every password libpq would read replaced by ***: in the user info (with or without a user name, up
 * to the last @ before the query, as a password may hold an unescaped @) and in the `password` or `sslpassword`
 * query parameter.
 */
export function redactPassword(url: string): string {
  return url
    .replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***')
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^?#]*)@/i, (_, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return colon === -1 ? `${scheme}${userInfo}@` : `${scheme}${userInfo.slice(0, colon)}:***@`;
    });
}
