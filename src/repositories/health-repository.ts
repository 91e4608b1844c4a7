import { sql } from 'kysely';
import type { Executor } from './executor.js';

export class HealthRepository {
  constructor(private readonly db: Executor) {}

  /** One round trip to the database: proves a connection can be had and a statement answered. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
