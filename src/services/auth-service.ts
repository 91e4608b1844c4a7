// Identity: issuing and checking tokens, and proving the helpdesk header.
import type { Clock } from '../platform/clock.js';
import { ApiError, errors } from '../platform/errors.js';
import { deriveToken, digestMatches, randomId, randomUserToken, secretsEqual, sha256Hex, tokenKindOf, type TokenKind } from '../platform/secrets.js';
import { TtlCache } from '../platform/ttl-cache.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Store } from './store.js';

export const TOKEN_LIFETIME_SECONDS = 7200;
/** Feishu issues a fresh tenant/app token when asked with less than this left; otherwise it answers the same one. */
const RENEWAL_WINDOW_MS = 30 * 60 * 1000;
/** How long a process may go on trusting what it read about a token or a helpdesk. */
const CACHE_TTL_MS = 3000;

export interface Caller {
  kind: TokenKind;
  app_id: string;
  tenant_key: string;
  scopes: string[];
  /** The user a user token acts for. */
  open_id: string | null;
  /** When the token expires (ms since the epoch). */
  expires_at: number;
}

interface VerifiedToken {
  caller: Caller;
  expires_at: number;
}

/** A value, or a promise of it when it had to be read from the database. */
export type MaybePromise<T> = T | Promise<T>;

interface KnownHelpdesk {
  helpdesk: Helpdesk;
  /** The digest of its token: a request hashes only the token it brings. */
  tokenDigest: string;
}

function proven(known: KnownHelpdesk | null, helpdesk_token: string): Helpdesk | undefined {
  return known && digestMatches(helpdesk_token, known.tokenDigest) ? known.helpdesk : undefined;
}

export class AuthService {
  private readonly tokenCache = new TtlCache<VerifiedToken | null>(CACHE_TTL_MS);
  private readonly helpdeskCache = new TtlCache<KnownHelpdesk | null>(CACHE_TTL_MS);
  private serverSecret: Promise<string> | undefined;
  /** Moves whenever this process revokes a token or changes a helpdesk: what was proven before must be proven again. */
  generation = 0;

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

  /** POST auth/v3/{tenant,app}_access_token/internal. */
  async issueAppToken(kind: 'tenant' | 'app', app_id: unknown, app_secret: unknown): Promise<{ token: string; expire: number }> {
    if (typeof app_id !== 'string' || app_id === '' || typeof app_secret !== 'string' || app_secret === '') {
      throw new ApiError(errors.invalidAuthParam, { detail: 'app_id and app_secret are required strings' });
    }
    const app = await this.store.repos.identities.findApp(app_id);
    // Unknown app and wrong secret answer alike, so the answer does not reveal which app ids exist.
    if (!app || !secretsEqual(app_secret, app.app_secret)) throw new ApiError(errors.invalidAppSecret);
    const secret = await this.secret();
    const now = this.clock.now();
    const live = await this.store.repos.tokens.newestLive(app_id, kind, now);
    if (live?.token_id && live.expires_at - now >= RENEWAL_WINDOW_MS) {
      return { token: deriveToken(kind, secret, live.token_id), expire: Math.floor((live.expires_at - now) / 1000) };
    }
    const token_id = randomId();
    const token = deriveToken(kind, secret, token_id);
    const expires_at = now + TOKEN_LIFETIME_SECONDS * 1000;
    await this.store.repos.tokens.insert({
      token_hash: sha256Hex(token),
      kind,
      app_id,
      tenant_key: app.tenant_key,
      open_id: null,
      token_id,
      issued_at: now,
      expires_at,
      revoked_at: null,
    });
    return { token, expire: TOKEN_LIFETIME_SECONDS };
  }

  /** A user token for one user through one app (the CLI's `kefu token`, fixtures' access_tokens). */
  async registerUserToken(input: { app_id: string; open_id: string; token?: string; expires_at?: number }): Promise<{ token: string; expires_at: number }> {
    const app = await this.store.repos.identities.findApp(input.app_id);
    if (!app) throw new Error(`unknown app ${input.app_id}`);
    const user = await this.store.repos.identities.findUser(input.open_id);
    if (!user || user.tenant_key !== app.tenant_key) throw new Error(`user ${input.open_id} is not in the tenant of app ${input.app_id}`);
    const now = this.clock.now();
    const token = input.token ?? randomUserToken();
    const expires_at = input.expires_at ?? now + TOKEN_LIFETIME_SECONDS * 1000;
    await this.store.repos.tokens.insert({
      token_hash: sha256Hex(token),
      kind: 'user',
      app_id: app.app_id,
      tenant_key: app.tenant_key,
      open_id: user.open_id,
      token_id: null,
      issued_at: now,
      expires_at,
      revoked_at: null,
    });
    return { token, expires_at };
  }

  /**
   * The caller behind a bearer token, or undefined when the token is unknown, expired or revoked. Answered at once
   * when the token was seen in the last few seconds (the case of nearly every request), from the database otherwise.
   */
  verify(token: string): MaybePromise<Caller | undefined> {
    if (!tokenKindOf(token) || token.length > 512) return undefined;
    const hash = sha256Hex(token);
    const cached = this.tokenCache.get(hash);
    if (cached !== undefined) return this.callerOf(cached);
    return this.loadToken(hash).then((verified) => {
      this.tokenCache.set(hash, verified);
      return this.callerOf(verified);
    });
  }

  private callerOf(verified: VerifiedToken | null): Caller | undefined {
    return verified && this.isLive(verified.caller) ? verified.caller : undefined;
  }

  /** Whether the caller's token has not expired by now (the API clock: `--now` freezes it). */
  isLive(caller: Caller): boolean {
    return caller.expires_at > this.clock.now();
  }

  private async loadToken(hash: string): Promise<VerifiedToken | null> {
    const row = await this.store.repos.tokens.findByHash(hash);
    if (!row || row.revoked_at !== null) return null;
    const app = await this.store.repos.identities.findApp(row.app_id);
    if (!app) return null;
    return {
      caller: { kind: row.kind as TokenKind, app_id: row.app_id, tenant_key: row.tenant_key, scopes: app.scopes, open_id: row.open_id, expires_at: row.expires_at },
      expires_at: row.expires_at,
    };
  }

  async revoke(token: string): Promise<boolean> {
    const hash = sha256Hex(token);
    this.tokenCache.delete(hash);
    this.generation++;
    return (await this.store.repos.tokens.revoke(hash, this.clock.now())) > 0;
  }

  /** The helpdesk a header value proves, or undefined when the id is unknown or the token is wrong (at once when cached). */
  helpdeskFor(helpdesk_id: string, helpdesk_token: string): MaybePromise<Helpdesk | undefined> {
    const cached = this.helpdeskCache.get(helpdesk_id);
    if (cached !== undefined) return proven(cached, helpdesk_token);
    return this.store.repos.helpdesks.find(helpdesk_id).then((helpdesk) => {
      const known = helpdesk ? { helpdesk, tokenDigest: sha256Hex(helpdesk.helpdesk_token) } : null;
      this.helpdeskCache.set(helpdesk_id, known);
      return proven(known, helpdesk_token);
    });
  }

  /** Forget cached helpdesks (after this process changed one). */
  forgetHelpdesk(helpdesk_id: string): void {
    this.helpdeskCache.delete(helpdesk_id);
    this.generation++;
  }
}
