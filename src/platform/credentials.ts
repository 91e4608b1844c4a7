// What the platform needs from whoever checks credentials (AuthService implements it), and the one bound on how long
// anything read about a token or a helpdesk is believed.
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { TokenKind } from './secrets.js';
import type { TtlEntry } from './ttl-cache.js';

/**
 * How long a process trusts what it read about a token or a helpdesk, counted from the moment the read began. Every
 * cache of credentials in a process (tokens, helpdesks, and the pairs of headers proven from both) expires within it,
 * so a token revoked or a helpdesk token changed by any process is refused everywhere at most this long afterwards.
 */
export const CREDENTIAL_TRUST_MS = 3000;

export interface Caller {
  kind: TokenKind;
  app_id: string;
  tenant_key: string;
  scopes: string[];
  /** The user a user token acts for. */
  open_id: string | null;
  /** When the token expires (ms since the epoch, API clock). */
  expires_at: number;
}

/** A value, or a promise of it when it had to be read from the database. */
export type MaybePromise<T> = T | Promise<T>;

/** A value read from the database and the instant (performance.now()) until which it may be believed. */
export type Trusted<T> = TtlEntry<T>;

export interface CredentialChecker {
  /** The caller behind a bearer token, or undefined when it is unknown, expired or revoked. */
  verify(token: string): MaybePromise<Trusted<Caller> | undefined>;
  /** The helpdesk a header's id and token prove, or undefined when the id is unknown or the token wrong. */
  helpdeskFor(helpdesk_id: string, helpdesk_token: string): MaybePromise<Trusted<Helpdesk> | undefined>;
  /** Whether the caller's token has not expired by now (the API clock). */
  isLive(caller: Caller): boolean;
}
