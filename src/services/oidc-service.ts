// Feishu's OIDC flow (docs/sign-in.md): the authorize page gives a signed-in person's browser a code for an app's
// registered redirect URI; the app exchanges the code (5 minutes, once) for a user_access_token and a refresh token,
// and a refresh token (used once) for the next pair. The user tokens issued are ordinary user tokens.
import { randomBytes } from 'node:crypto';
import { redirectUriAllowed, redirectWithCode } from '../domain/sign-in.js';
import type { Clock } from '../platform/clock.js';
import type { Caller } from '../platform/credentials.js';
import { ApiError, errors } from '../platform/errors.js';
import { randomUserToken, sha256Hex } from '../platform/secrets.js';
import type { Repositories } from '../repositories/index.js';
import { TOKEN_LIFETIME_SECONDS } from './auth-service.js';
import type { SignedInPerson } from './sign-in-service.js';
import type { Store } from './store.js';

/** An authorization code works once, within this time. */
export const CODE_TTL_MS = 5 * 60 * 1000;
/** A refresh token works once, within this time (Feishu's v1 refresh tokens lived 30 days). */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

export interface OidcTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_expires_in: number;
  scope: string;
}

/** What the authorize page does: send the browser on with a code, have the person sign in first, or refuse. */
export type AuthorizeOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'sign-in' }
  | { kind: 'refused'; status: number; reason: string };

/** Codes and refresh tokens: 256 random bits, base64url. */
function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class OidcService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * GET authen/v1/authorize. The app and its redirect URI are checked before anything else, so that a bad link
   * never sends a browser to an unregistered place, not even after a sign-in.
   */
  async authorize(query: { app_id?: string; redirect_uri?: string; state?: string }, person: SignedInPerson | undefined): Promise<AuthorizeOutcome> {
    const { app_id, redirect_uri, state } = query;
    if (!app_id) return { kind: 'refused', status: 400, reason: 'The link names no app (app_id is missing).' };
    const app = await this.store.repos.identities.findApp(app_id);
    if (!app) return { kind: 'refused', status: 400, reason: `There is no app ${app_id}.` };
    if (!redirect_uri) return { kind: 'refused', status: 400, reason: 'The link names no redirect_uri.' };
    if (!redirectUriAllowed(redirect_uri, await this.store.repos.signIn.redirectUris(app_id))) {
      return { kind: 'refused', status: 400, reason: `The redirect_uri ${redirect_uri} is not one app ${app_id} registered, so no code is sent there.` };
    }
    if (!person) return { kind: 'sign-in' };
    if (person.tenant_key !== app.tenant_key) {
      return { kind: 'refused', status: 403, reason: `App ${app_id} belongs to another organisation than ${person.name}'s: it cannot act for you.` };
    }
    const code = randomSecret();
    await this.store.write((repos) =>
      repos.signIn.insertCode({ code_hash: sha256Hex(code), app_id, open_id: person.open_id, redirect_uri, expires_at: this.clock.now() + CODE_TTL_MS, used_at: null }),
    );
    return { kind: 'redirect', location: redirectWithCode(redirect_uri, code, state) };
  }

  /** POST authen/v1/oidc/access_token: a code for a user token and a refresh token, all or nothing. */
  async exchangeCode(caller: Caller, body: unknown): Promise<OidcTokens> {
    const fields = textFields(body, ['grant_type', 'code', 'redirect_uri']);
    if (!fields.grant_type) throw missing('grant_type');
    if (fields.grant_type !== 'authorization_code') throw new ApiError(errors.oidcGrantTypeUnsupported, { detail: `grant_type must be authorization_code (got ${JSON.stringify(fields.grant_type)})` });
    if (!fields.code) throw missing('code');
    const hash = sha256Hex(fields.code);
    const now = this.clock.now();
    return this.store.write(async (repos) => {
      const code = await repos.signIn.findCode(hash);
      if (!code) throw new ApiError(errors.oidcCodeNotFound);
      if (code.app_id !== caller.app_id) throw new ApiError(errors.oidcOtherApp);
      if (code.used_at !== null) throw new ApiError(errors.oidcCodeUsed);
      if (code.expires_at <= now) throw new ApiError(errors.oidcCodeExpired);
      if (fields.redirect_uri !== undefined && fields.redirect_uri !== code.redirect_uri) throw new ApiError(errors.oidcRedirectUriMismatch);
      if (!(await repos.signIn.useCode(hash, now))) throw new ApiError(errors.oidcCodeUsed);
      return this.issue(repos, caller, code.open_id, now);
    });
  }

  /** POST authen/v1/oidc/refresh_access_token: a refresh token, used once, for the next pair. */
  async refresh(caller: Caller, body: unknown): Promise<OidcTokens> {
    const fields = textFields(body, ['grant_type', 'refresh_token']);
    if (!fields.grant_type) throw missing('grant_type');
    if (fields.grant_type !== 'refresh_token') throw new ApiError(errors.oidcGrantTypeUnsupported, { detail: `grant_type must be refresh_token (got ${JSON.stringify(fields.grant_type)})` });
    if (!fields.refresh_token) throw missing('refresh_token');
    const hash = sha256Hex(fields.refresh_token);
    const now = this.clock.now();
    return this.store.write(async (repos) => {
      const token = await repos.signIn.findRefreshToken(hash);
      if (!token) throw new ApiError(errors.oidcRefreshTokenInvalid);
      if (token.app_id !== caller.app_id) throw new ApiError(errors.oidcOtherApp);
      if (token.used_at !== null) throw new ApiError(errors.oidcRefreshTokenUsed);
      if (token.expires_at <= now) throw new ApiError(errors.oidcRefreshTokenExpired);
      if (!(await repos.signIn.useRefreshToken(hash, now))) throw new ApiError(errors.oidcRefreshTokenUsed);
      return this.issue(repos, caller, token.open_id, now);
    });
  }

  /** A user token and a refresh token for the person through the caller's app; only their digests are stored. */
  private async issue(repos: Repositories, caller: Caller, open_id: string, now: number): Promise<OidcTokens> {
    const access_token = randomUserToken();
    const refresh_token = `ur-${randomSecret()}`;
    await repos.tokens.insert({
      token_hash: sha256Hex(access_token),
      kind: 'user',
      app_id: caller.app_id,
      tenant_key: caller.tenant_key,
      open_id,
      token_id: null,
      issued_at: now,
      expires_at: now + TOKEN_LIFETIME_SECONDS * 1000,
      revoked_at: null,
    });
    await repos.signIn.insertRefreshToken({ token_hash: sha256Hex(refresh_token), app_id: caller.app_id, open_id, expires_at: now + REFRESH_TOKEN_LIFETIME_SECONDS * 1000, used_at: null });
    return { access_token, refresh_token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, refresh_expires_in: REFRESH_TOKEN_LIFETIME_SECONDS, scope: caller.scopes.join(' ') };
  }

  /** GET authen/v1/user_info: who the user token acts for. */
  async userInfo(caller: Caller) {
    const user = caller.open_id === null ? undefined : await this.store.repos.identities.findUser(caller.open_id);
    if (!user) throw new ApiError(errors.invalidUserToken);
    return {
      name: user.name,
      en_name: user.name,
      avatar_url: user.avatar_url,
      avatar_thumb: user.avatar_url,
      avatar_middle: user.avatar_url,
      avatar_big: user.avatar_url,
      open_id: user.open_id,
      union_id: `on_${sha256Hex(`union:${user.tenant_key}:${user.open_id}`).slice(0, 32)}`,
      email: user.email,
      tenant_key: user.tenant_key,
    };
  }
}

function missing(field: string): ApiError {
  return new ApiError(errors.oidcMissingParameter, { detail: `${field} is required`, fieldViolations: [{ field, description: 'is required' }] });
}

/** The named string fields of a JSON body; anything else (absent, not a string, empty) is undefined. */
function textFields<K extends string>(body: unknown, names: K[]): Partial<Record<K, string>> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string' && value !== '' && value.length <= 2048) out[name] = value;
  }
  return out;
}
