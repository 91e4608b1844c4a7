// What a test server's reset() runs (src/testkit/reset.ts): the credentials a reset keeps, and emptying PostgreSQL's
// tables before the fixture is loaded again. Table names come from the database's own catalogue.
import { sql, type Selectable } from 'kysely';
import type { AccessTokenTable, SettingTable } from '../db/schema.js';
import type { Executor } from './executor.js';

/** Tokens issued while the server ran and the secret tenant tokens derive from: a reset keeps them. */
export interface KeptCredentials {
  tokens: Selectable<AccessTokenTable>[];
  settings: Selectable<SettingTable>[];
}

export class ResetRepository {
  constructor(private readonly db: Executor) {}

  async keptCredentials(): Promise<KeptCredentials> {
    return {
      tokens: await this.db.selectFrom('access_tokens').selectAll().execute(),
      settings: await this.db.selectFrom('settings').selectAll().execute(),
    };
  }

  /** Puts kept rows back; a row the restored data already holds wins (it is the same token or secret). */
  async restoreCredentials(kept: KeptCredentials): Promise<void> {
    if (kept.settings.length > 0) await this.db.insertInto('settings').values(kept.settings).onConflict((oc) => oc.column('key').doNothing()).execute();
    for (let i = 0; i < kept.tokens.length; i += 500) {
      await this.db.insertInto('access_tokens').values(kept.tokens.slice(i, i + 500)).onConflict((oc) => oc.column('token_hash').doNothing()).execute();
    }
  }

  /** PostgreSQL: empties the tables in one statement, sequences restarted (foreign keys need no order then). */
  async truncate(tables: string[]): Promise<void> {
    if (tables.length === 0) return;
    await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity`.execute(this.db);
  }
}
