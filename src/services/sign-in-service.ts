// Sign-in for people in a browser (docs/sign-in.md): single-use links, passwords, and sessions kept in the database so
// that every process honours them. The web console and the OIDC authorize page build on it.
import { randomBytes } from 'node:crypto';
import { DEFAULT_NEXT_PATH, sameOriginPath } from '../domain/sign-in.js';
import type { Clock } from '../platform/clock.js';
import { ApiError, errors } from '../platform/errors.js';
import { hashPassword, passwordMatches, SCRYPT_PARAMS, type PasswordHash } from '../platform/passwords.js';
import { sha256Hex } from '../platform/secrets.js';
import type { TokenAttempts } from '../platform/token-attempts.js';
import type { Store } from './store.js';

/** A sign-in link works once, within this time of being made. */
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;
/** A browser session ends this long after it started (or at sign-out). */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
/** Expired rows are deleted when a link or a session is made, at most this often (per process). */
const PRUNE_INTERVAL_MS = 60_000;

export type HelpdeskRole = 'owner' | 'admin' | 'agent';

/** Who a browser session belongs to, as the pages need it. */
export interface SignedInPerson {
  tenant_key: string;
  open_id: string;
  name: string;
  email: string;
  avatar_url: string;
  /** What the person is in each helpdesk; none at all: a guest. */
  roles: { helpdesk_id: string; role: HelpdeskRole }[];
  /** The session's own value for forms that change things (CSRF): a form posts it back, a page compares. */
  csrf_token: string;
  session_expires_at: number;
}

export interface StartedSession {
  /** The cookie's value: random, never stored (the database keeps its sha256). */
  cookie: string;
  expires_at: number;
}

/** A secret for a URL or a cookie: 256 random bits. */
function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class SignInService {
  private nextPrune = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Failed password attempts per person and per address; absent: not limited (the CLI has no passwords to guess). */
    private readonly attempts?: TokenAttempts,
  ) {}

  /**
   * A sign-in link for a person (`kefu login-link`): `${baseUrl}/sign-in/link/TOKEN?next=PATH`. Only the token's
   * sha256 is stored; the link works once, for LOGIN_LINK_TTL_MS. A `next` that is not a path on this server is refused.
   */
  async createLoginLink(input: { open_id: string; next?: string; baseUrl: string }): Promise<{ url: string; expires_at: number }> {
    const next = input.next === undefined ? DEFAULT_NEXT_PATH : sameOriginPath(input.next);
    if (next === undefined) throw new Error(`next must be a path on this server, such as /console (got ${JSON.stringify(input.next)})`);
    const user = await this.store.repos.identities.findUser(input.open_id);
    if (!user) throw new Error(`no user ${input.open_id}`);
    const token = randomSecret();
    const now = this.clock.now();
    const expires_at = now + LOGIN_LINK_TTL_MS;
    await this.store.write(async (repos) => {
      await this.prune(repos, now);
      await repos.signIn.insertLink({ link_hash: sha256Hex(token), open_id: user.open_id, next_path: next, created_at: now, expires_at, used_at: null });
    });
    const url = new URL(`/sign-in/link/${token}`, input.baseUrl);
    url.searchParams.set('next', next);
    return { url: url.toString(), expires_at };
  }

  /**
   * Uses a link: marks it used and starts a session, in one transaction. Undefined when the link is unknown, used
   * or expired (all alike). `next` overrides the link's own path when it is a path on this server.
   */
  async redeemLoginLink(token: string, next?: unknown): Promise<(StartedSession & { next_path: string }) | undefined> {
    if (token.length === 0 || token.length > 200) return undefined;
    const now = this.clock.now();
    return this.store.write(async (repos) => {
      const link = await repos.signIn.useLink(sha256Hex(token), now);
      if (!link) return undefined;
      const session = await this.insertSession(repos, link.open_id, now);
      return { ...session, next_path: sameOriginPath(next) ?? link.next_path };
    });
  }

  /** Sets (or replaces) a person's password (`kefu user password`). */
  async setPassword(open_id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
    const user = await this.store.repos.identities.findUser(open_id);
    if (!user) throw new Error(`no user ${open_id}`);
    const hashed = await hashPassword(password);
    await this.store.write((repos) =>
      repos.signIn.upsertPassword({ open_id, kdf: hashed.kdf, params: JSON.stringify(hashed.params), salt: hashed.salt, hash: hashed.hash, updated_at: this.clock.now() }),
    );
  }

  /**
   * The open_id a sign-in names (an open_id, or an email that one user has) when the password is that person's;
   * otherwise throws signInFailed, the same for an unknown person, one without a password and a wrong password.
   * Failures are counted per identifier and per address; over the limit, 429 whether the password is right or not.
   */
  async verifyPassword(identifier: string, password: string, address: string): Promise<string> {
    const check = async () => {
      const open_id = await this.openIdOf(identifier);
      const row = open_id === undefined ? undefined : await this.store.repos.signIn.findPassword(open_id);
      const stored: PasswordHash | undefined = row && { kdf: 'scrypt', params: JSON.parse(row.params), salt: row.salt, hash: row.hash };
      // Without a stored hash, a decoy one is still checked, so the answer takes as long whether the person exists or not.
      const matches = await passwordMatches(password.slice(0, MAX_PASSWORD_LENGTH), stored ?? DECOY_HASH);
      if (!stored || !matches || open_id === undefined) throw new ApiError(errors.signInFailed);
      return open_id;
    };
    return this.attempts ? this.attempts.attempt(identifier.toLowerCase(), address, check) : check();
  }

  private async openIdOf(identifier: string): Promise<string | undefined> {
    if (identifier.length === 0 || identifier.length > 320) return undefined;
    if (!identifier.includes('@')) return (await this.store.repos.identities.findUser(identifier))?.open_id;
    const open_ids = await this.store.repos.signIn.openIdsByEmail(identifier);
    // An address several users share names nobody: they sign in with their open_id.
    return open_ids.length === 1 ? open_ids[0] : undefined;
  }

  /** Starts a browser session for a person who proved who they are. */
  async startSession(open_id: string): Promise<StartedSession> {
    const now = this.clock.now();
    return this.store.write((repos) => this.insertSession(repos, open_id, now));
  }

  private async insertSession(repos: Store['repos'], open_id: string, now: number): Promise<StartedSession> {
    await this.prune(repos, now);
    const cookie = randomSecret();
    const expires_at = now + SESSION_TTL_MS;
    await repos.signIn.insertSession({ session_hash: sha256Hex(cookie), open_id, csrf_token: randomSecret(), created_at: now, expires_at });
    return { cookie, expires_at };
  }

  /** The person a session cookie belongs to, or undefined when it names no live session. Read from the database each time. */
  async sessionPerson(cookie: string | undefined): Promise<SignedInPerson | undefined> {
    if (!cookie || cookie.length > 200) return undefined;
    const session = await this.store.repos.signIn.findLiveSession(sha256Hex(cookie), this.clock.now());
    if (!session) return undefined;
    const user = await this.store.repos.identities.findUser(session.open_id);
    if (!user) return undefined;
    const roles = await this.store.repos.helpdesks.rolesOf(user.open_id);
    return {
      tenant_key: user.tenant_key,
      open_id: user.open_id,
      name: user.name,
      email: user.email,
      avatar_url: user.avatar_url,
      roles,
      csrf_token: session.csrf_token,
      session_expires_at: session.expires_at,
    };
  }

  /** Ends the session (sign-out); true when there was one. */
  async endSession(cookie: string | undefined): Promise<boolean> {
    if (!cookie || cookie.length > 200) return false;
    const hash = sha256Hex(cookie);
    return (await this.store.write((repos) => repos.signIn.deleteSession(hash))) > 0;
  }

  private async prune(repos: Store['repos'], now: number): Promise<void> {
    if (now < this.nextPrune) return;
    this.nextPrune = now + PRUNE_INTERVAL_MS;
    await repos.signIn.deleteExpiredBy(now);
  }
}

/** Checked when a person has no password, so that "no such person" costs as much as "wrong password". */
const DECOY_HASH: PasswordHash = { kdf: 'scrypt', params: SCRYPT_PARAMS, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
