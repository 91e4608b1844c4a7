// Token minting and secret comparison. Tokens are random; only their sha256 is stored, and so are app secrets and
// helpdesk tokens.
import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One-shot hashing (Node 20.12+): it runs on every request, and a Hash object costs twice as much. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * Whether a secret a request brings matches the stored digest of the real one, in time independent of where they
 * differ: the digests always have the same length and are compared with timingSafeEqual.
 */
export function digestMatches(given: string, expectedDigest: string): boolean {
  const expected = Buffer.from(expectedDigest, 'hex');
  const actual = hash('sha256', given, 'buffer') as unknown as Buffer;
  return expected.length === actual.length && timingSafeEqual(actual, expected);
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

/** A proof Kefu hands out and checks later (any process: the key is the server secret in the database). */
export function signText(serverSecret: string, text: string): string {
  return createHmac('sha256', serverSecret).update(text).digest('base64url');
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
