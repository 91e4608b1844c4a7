// GET /sign-in: the sign-in form (open_id or email, and a password). `next` is where the browser goes once signed in.
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_NEXT_PATH, sameOriginPath } from '../../domain/sign-in.js';
import { field } from './form.js';
import { escapeHtml, sendPage } from './html.js';

export function signInForm(next: string, message?: string, account = ''): string {
  const alert = message ? `<p role="alert">${escapeHtml(message)}</p>\n` : '';
  return `${alert}<form method="post" action="/sign-in">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="account">Open ID or email</label>
<input id="account" name="account" autocomplete="username" required value="${escapeHtml(account)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p>No password? Ask an administrator for a sign-in link (<code>kefu login-link --user OPEN_ID</code>).</p>`;
}

const route: FastifyPluginAsync = async (app) => {
  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const next = sameOriginPath(field(request.query, 'next')) ?? DEFAULT_NEXT_PATH;
    return sendPage(reply, 200, 'Sign in', signInForm(next));
  });
};
export default route;
