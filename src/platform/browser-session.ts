// The browser session's cookie: httpOnly (no script reads it), SameSite=Lax (another site's form cannot post with it,
// a link from elsewhere still arrives signed in), Secure when the request came over https, and path / so that the
// sign-in pages, the console and the authorize page all see it. @fastify/cookie is registered without its hooks
// (app.ts): API requests never pay for cookie parsing; only the pages that need the session read it, here.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'kefu_session';

/** The session cookie's value on a request, if it has one. */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = request.server.parseCookie(header)[SESSION_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, expires_at: number, now: number): void {
  reply.header('set-cookie', request.server.serializeCookie(SESSION_COOKIE, value, { ...cookieOptions(request), maxAge: Math.max(0, Math.floor((expires_at - now) / 1000)) }));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', request.server.serializeCookie(SESSION_COOKIE, '', { ...cookieOptions(request), maxAge: 0 }));
}

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

/**
 * Whether a form post comes from a page of this server: a browser sends Origin with every POST, and another site's
 * page cannot make it name this server. A request without Origin (curl, an old browser) is let through; SameSite=Lax
 * already keeps the session cookie off other sites' posts.
 */
export function postedFromHere(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
