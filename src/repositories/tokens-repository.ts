import type { Selectable } from 'kysely';
import type { AccessTokenTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type AccessTokenRow = Selectable<AccessTokenTable>;

export class TokensRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: AccessTokenRow): Promise<void> {
    await this.db.insertInto('access_tokens').values(row).onConflict((oc) => oc.column('token_hash').doNothing()).execute();
  }

  async findByHash(token_hash: string): Promise<AccessTokenRow | undefined> {
    return this.db.selectFrom('access_tokens').selectAll().where('token_hash', '=', token_hash).executeTakeFirst();
  }

  /** The app's newest live token of a kind: Feishu answers it again while it has 30 minutes or more left. */
  async newestLive(app_id: string, kind: string, now: number): Promise<AccessTokenRow | undefined> {
    return this.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('app_id', '=', app_id)
      .where('kind', '=', kind)
      .where('expires_at', '>', now)
      .where('revoked_at', 'is', null)
      .orderBy('expires_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async revoke(token_hash: string, at: number): Promise<number> {
    const result = await this.db
      .updateTable('access_tokens')
      .set({ revoked_at: at })
      .where('token_hash', '=', token_hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes the tokens expired by `at` (a token is live while expires_at > now): useless rows. */
  async deleteExpiredBy(at: number): Promise<void> {
    await this.db.deleteFrom('access_tokens').where('expires_at', '<=', at).execute();
  }
}
