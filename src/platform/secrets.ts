// Token minting and secret comparison. Tokens are random; only their sha256 is stored.
import { createHmac, hash, randomBytes } from 'node:crypto';

/** One-shot hashing (Node 20.12+): it runs on every request, and a Hash object costs twice as much. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * Compares two secrets in time independent of where they differ (and of their lengths): it compares their digests,
 * and how long that takes tells nothing about the secret.
 */
export function secretsEqual(given: string, expected: string): boolean {
  return digestMatches(given, sha256Hex(expected));
}

/** secretsEqual against a digest computed once (a cached helpdesk's token). */
export function digestMatches(given: string, expectedDigest: string): boolean {
  return sha256Hex(given) === expectedDigest;
}

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

export const tokenPrefix = { tenant: 't-', app: 'a-', user: 'u-' } as const;
export type TokenKind = keyof typeof tokenPrefix;

/**
 * Tenant and app tokens are derived from (server secret, token id), so the server can answer the same token again
 * (Feishu's rule while it has 30 minutes or more left) without ever storing it.
 */
export function deriveToken(kind: TokenKind, serverSecret: string, tokenId: string): string {
  const mac = createHmac('sha256', serverSecret).update(`${kind}:${tokenId}`).digest('base64url');
  return `${tokenPrefix[kind]}g${mac.slice(0, 40)}`;
}

export function randomUserToken(): string {
  return `${tokenPrefix.user}${randomBytes(30).toString('base64url')}`;
}

export function tokenKindOf(token: string): TokenKind | undefined {
  if (token.startsWith('t-')) return 'tenant';
  if (token.startsWith('a-')) return 'app';
  if (token.startsWith('u-')) return 'user';
  return undefined;
}
