import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';

/** Every repository runs on the database or inside a caller's transaction. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

export function parseJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}
