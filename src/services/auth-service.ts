// Identity: issuing and checking tokens, and proving the helpdesk header.
import type { Clock } from '../platform/clock.js';
import { CREDENTIAL_TRUST_MS, type Caller, type CredentialChecker, type MaybePromise, type Trusted } from '../platform/credentials.js';
import { ApiError, errors } from '../platform/errors.js';
import { deriveToken, digestMatches, randomId, randomUserToken, sha256Hex, signText, tokenKindOf, type TokenKind } from '../platform/secrets.js';
import { TtlCache, type TtlEntry } from '../platform/ttl-cache.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { AccessTokenRow } from '../repositories/tokens-repository.js';
import type { Store } from './store.js';

export const TOKEN_LIFETIME_SECONDS = 7200;
/** Feishu issues a fresh tenant/app token when asked with less than this left; otherwise it answers the same one. */
const RENEWAL_WINDOW_MS = 30 * 60 * 1000;
/** Expired token rows are deleted when a token is issued, at most this often (per process; API clock). */
const PRUNE_INTERVAL_MS = 60_000;

/** The helpdesk a cached read proves for a header's token, trusted as long as that read. */
function proven(known: TtlEntry<Helpdesk | null>, helpdesk_token: string): Trusted<Helpdesk> | undefined {
  const { value, until } = known;
  return value && digestMatches(helpdesk_token, value.helpdesk_token_hash) ? { value, until } : undefined;
}

/** Issues tokens, and checks them and helpdesk headers for the platform's access check. */
export class AuthService implements CredentialChecker {
  // What was read about tokens and helpdesks, each entry believed for CREDENTIAL_TRUST_MS from when its read began.
  private readonly tokenCache = new TtlCache<Caller | null>(CREDENTIAL_TRUST_MS);
  private readonly helpdeskCache = new TtlCache<Helpdesk | null>(CREDENTIAL_TRUST_MS);
  private serverSecret: Promise<string> | undefined;
  private nextPrune = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Read once and kept; a read that failed is forgotten, so the next request tries again rather than failing until restart. */
  private secret(): Promise<string> {
    this.serverSecret ??= this.store.repos.settings.getOrInsert('token_secret', randomId(32)).catch((error: unknown) => {
      this.serverSecret = undefined;
      throw error;
    });
    return this.serverSecret;
  }

  /** An HMAC of the text under the server secret: every process on the database makes and checks the same. */
  async sign(text: string): Promise<string> {
    return signText(await this.secret(), text);
  }

  /** POST auth/v3/{tenant,app}_access_token/internal. */
  async issueAppToken(kind: 'tenant' | 'app', app_id: unknown, app_secret: unknown): Promise<{ token: string; expire: number }> {
    if (typeof app_id !== 'string' || app_id === '' || typeof app_secret !== 'string' || app_secret === '') {
      throw new ApiError(errors.invalidAuthParam, { detail: 'app_id and app_secret are required strings' });
    }
    const app = await this.store.repos.identities.findApp(app_id);
    // Unknown app and wrong secret answer alike, so the answer does not reveal which app ids exist.
    if (!app || !digestMatches(app_secret, app.app_secret_hash)) throw new ApiError(errors.invalidAppSecret);
    const secret = await this.secret();
    const now = this.clock.now();
    await this.pruneExpired(now);
    const live = await this.store.repos.tokens.newestLive(app_id, kind, now);
    if (live?.token_id && live.expires_at - now >= RENEWAL_WINDOW_MS) {
      return { token: deriveToken(kind, secret, live.token_id), expire: Math.floor((live.expires_at - now) / 1000) };
    }
    const token_id = randomId();
    const token = deriveToken(kind, secret, token_id);
    await this.insertToken(token, { kind, app_id, tenant_key: app.tenant_key, open_id: null, token_id, issued_at: now, expires_at: now + TOKEN_LIFETIME_SECONDS * 1000 });
    return { token, expire: TOKEN_LIFETIME_SECONDS };
  }

  /** A user token for one user through one app (the CLI's `kefu token`, fixtures' access_tokens). */
  async registerUserToken(input: { app_id: string; open_id: string; token?: string; expires_at?: number }): Promise<{ token: string; expires_at: number }> {
    const app = await this.store.repos.identities.findApp(input.app_id);
    if (!app) throw new Error(`unknown app ${input.app_id}`);
    const user = await this.store.repos.identities.findUser(input.open_id);
    if (!user || user.tenant_key !== app.tenant_key) throw new Error(`user ${input.open_id} is not in the tenant of app ${input.app_id}`);
    const now = this.clock.now();
    await this.pruneExpired(now);
    const token = input.token ?? randomUserToken();
    const expires_at = input.expires_at ?? now + TOKEN_LIFETIME_SECONDS * 1000;
    await this.insertToken(token, { kind: 'user', app_id: app.app_id, tenant_key: app.tenant_key, open_id: user.open_id, token_id: null, issued_at: now, expires_at });
    return { token, expires_at };
  }

  /** Stores a new token's row: its hash, never the token. */
  private async insertToken(token: string, row: Omit<AccessTokenRow, 'token_hash' | 'revoked_at'>): Promise<void> {
    await this.store.repos.tokens.insert({ ...row, token_hash: sha256Hex(token), revoked_at: null });
  }

  /**
   * Deletes the rows of tokens expired by now, at most once a minute, whenever a token is asked for: nothing else
   * would, and every token issued adds a row.
   */
  private async pruneExpired(now: number): Promise<void> {
    if (now < this.nextPrune) return;
    this.nextPrune = now + PRUNE_INTERVAL_MS;
    await this.store.repos.tokens.deleteExpiredBy(now);
  }

  /**
   * The caller behind a bearer token, or undefined when the token is unknown, expired or revoked. Answered at once
   * when the token was seen in the last few seconds (the case of nearly every request), from the database otherwise.
   */
  verify(token: string): MaybePromise<Trusted<Caller> | undefined> {
    if (!tokenKindOf(token) || token.length > 512) return undefined;
    const hash = sha256Hex(token);
    const cached = this.tokenCache.entry(hash);
    if (cached !== undefined) return this.live(cached);
    const trustedUntil = performance.now() + CREDENTIAL_TRUST_MS;
    return this.loadToken(hash).then((caller) => this.live(this.tokenCache.set(hash, caller, trustedUntil)));
  }

  private live(entry: TtlEntry<Caller | null>): Trusted<Caller> | undefined {
    return entry.value && this.isLive(entry.value) ? (entry as Trusted<Caller>) : undefined;
  }

  /** Whether the caller's token has not expired by now (the API clock: `--now` freezes it). */
  isLive(caller: Caller): boolean {
    return caller.expires_at > this.clock.now();
  }

  private async loadToken(hash: string): Promise<Caller | null> {
    const row = await this.store.repos.tokens.findByHash(hash);
    if (!row || row.revoked_at !== null) return null;
    const app = await this.store.repos.identities.findApp(row.app_id);
    if (!app) return null;
    return { kind: row.kind as TokenKind, app_id: row.app_id, tenant_key: row.tenant_key, scopes: app.scopes, open_id: row.open_id, expires_at: row.expires_at };
  }

  /** Revokes a token (`kefu token --revoke`). Every process refuses it within CREDENTIAL_TRUST_MS. */
  async revoke(token: string): Promise<boolean> {
    const hash = sha256Hex(token);
    this.tokenCache.delete(hash);
    return (await this.store.repos.tokens.revoke(hash, this.clock.now())) > 0;
  }

  /** The helpdesk a header value proves, or undefined when the id is unknown or the token is wrong (at once when cached). */
  helpdeskFor(helpdesk_id: string, helpdesk_token: string): MaybePromise<Trusted<Helpdesk> | undefined> {
    const cached = this.helpdeskCache.entry(helpdesk_id);
    if (cached !== undefined) return proven(cached, helpdesk_token);
    const trustedUntil = performance.now() + CREDENTIAL_TRUST_MS;
    return this.store.repos.helpdesks
      .find(helpdesk_id)
      .then((helpdesk) => proven(this.helpdeskCache.set(helpdesk_id, helpdesk ?? null, trustedUntil), helpdesk_token));
  }
}
