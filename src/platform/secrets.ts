// Token minting and secret comparison. Tokens are random; only their sha256 is stored.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
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
