// Pure rules of sign-in: where a browser may be sent after it signs in.

/** Where a browser goes after signing in when nothing (or nothing acceptable) is asked for. */
export const DEFAULT_NEXT_PATH = '/console';

/**
 * The path to send a signed-in browser to, or undefined when `next` is not a path on this server. Only a path
 * beginning with one `/` is kept: `//host`, `/\host` (browsers read both as another host), a scheme, control
 * characters and anything longer than 2,000 characters would let a link send a person elsewhere.
 */
export function sameOriginPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  // Control characters and spaces are never in a path we hand out; a browser drops tabs and newlines, which would
  // turn "/\t/evil.example" into "//evil.example".
  if (/[\u0000-\u0020\u007f\\]/.test(next)) return undefined;
  return next;
}

/** Whether a redirect_uri is one the app registered: exact string equality, as OAuth 2.0 asks (RFC 6749 3.1.2.3). */
export function redirectUriAllowed(redirect_uri: string, registered: readonly string[]): boolean {
  return registered.includes(redirect_uri);
}

/** A redirect URI an app may register: an absolute http(s) URL without a fragment. */
export function validRedirectUri(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2000) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '' && !uri.includes('#');
}

/** The redirect_uri with `code` and `state` added to its query (an existing query is kept). */
export function redirectWithCode(redirect_uri: string, code: string, state: string | undefined): string {
  const url = new URL(redirect_uri);
  url.searchParams.set('code', code);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.toString();
}
