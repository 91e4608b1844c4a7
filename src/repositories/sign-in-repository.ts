// Sign-in's rows: links, browser sessions, password hashes, and the OIDC flow's codes, refresh tokens and redirect URIs.
import type { Selectable } from 'kysely';
import type { AuthorizationCodeTable, BrowserSessionTable, RefreshTokenTable, SignInLinkTable, UserPasswordTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type SignInLinkRow = Selectable<SignInLinkTable>;
export type BrowserSessionRow = Selectable<BrowserSessionTable>;
export type UserPasswordRow = Selectable<UserPasswordTable>;
export type AuthorizationCodeRow = Selectable<AuthorizationCodeTable>;
export type RefreshTokenRow = Selectable<RefreshTokenTable>;

export class SignInRepository {
  constructor(private readonly db: Executor) {}

  async insertLink(row: SignInLinkRow): Promise<void> {
    await this.db.insertInto('sign_in_links').values(row).execute();
  }

  /**
   * Marks a live, unused link used and answers it; undefined when there is none. One statement, so two requests
   * racing for the same link cannot both win.
   */
  async useLink(link_hash: string, now: number): Promise<SignInLinkRow | undefined> {
    const used = await this.db
      .updateTable('sign_in_links')
      .set({ used_at: now })
      .where('link_hash', '=', link_hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) return undefined;
    return this.db.selectFrom('sign_in_links').selectAll().where('link_hash', '=', link_hash).executeTakeFirst();
  }

  async insertSession(row: BrowserSessionRow): Promise<void> {
    await this.db.insertInto('browser_sessions').values(row).execute();
  }

  async findLiveSession(session_hash: string, now: number): Promise<BrowserSessionRow | undefined> {
    return this.db.selectFrom('browser_sessions').selectAll().where('session_hash', '=', session_hash).where('expires_at', '>', now).executeTakeFirst();
  }

  async deleteSession(session_hash: string): Promise<number> {
    const result = await this.db.deleteFrom('browser_sessions').where('session_hash', '=', session_hash).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Rows nothing can use any more: expired sessions, links and codes, and expired or used refresh tokens. */
  async deleteExpiredBy(now: number): Promise<void> {
    await this.db.deleteFrom('browser_sessions').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('sign_in_links').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('authorization_codes').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
  }

  async upsertPassword(row: UserPasswordRow): Promise<void> {
    const { open_id, ...rest } = row;
    await this.db
      .insertInto('user_passwords')
      .values(row)
      .onConflict((oc) => oc.column('open_id').doUpdateSet(rest))
      .execute();
  }

  async findPassword(open_id: string): Promise<UserPasswordRow | undefined> {
    return this.db.selectFrom('user_passwords').selectAll().where('open_id', '=', open_id).executeTakeFirst();
  }

  /** The open_ids of the users with this email (lowered on both sides: an address is matched without regard to case). */
  async openIdsByEmail(email: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .select('open_id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .orderBy('open_id')
      .execute();
    return rows.map((r) => r.open_id);
  }

  async redirectUris(app_id: string): Promise<string[]> {
    const rows = await this.db.selectFrom('app_redirect_uris').select('redirect_uri').where('app_id', '=', app_id).orderBy('redirect_uri').execute();
    return rows.map((r) => r.redirect_uri);
  }

  async replaceRedirectUris(app_id: string, uris: readonly string[]): Promise<void> {
    await this.db.deleteFrom('app_redirect_uris').where('app_id', '=', app_id).execute();
    if (uris.length > 0) {
      await this.db
        .insertInto('app_redirect_uris')
        .values([...new Set(uris)].map((redirect_uri) => ({ app_id, redirect_uri })))
        .execute();
    }
  }

  async insertCode(row: AuthorizationCodeRow): Promise<void> {
    await this.db.insertInto('authorization_codes').values(row).execute();
  }

  async findCode(code_hash: string): Promise<AuthorizationCodeRow | undefined> {
    return this.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', code_hash).executeTakeFirst();
  }

  /** Marks the code used; false when another request used it first. */
  async useCode(code_hash: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('authorization_codes').set({ used_at: now }).where('code_hash', '=', code_hash).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async insertRefreshToken(row: RefreshTokenRow): Promise<void> {
    await this.db.insertInto('refresh_tokens').values(row).execute();
  }

  async findRefreshToken(token_hash: string): Promise<RefreshTokenRow | undefined> {
    return this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', token_hash).executeTakeFirst();
  }

  /** Marks the refresh token used; false when another request used it first. */
  async useRefreshToken(token_hash: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('refresh_tokens').set({ used_at: now }).where('token_hash', '=', token_hash).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
