// GET /sign-in/link/:token: a sign-in link from `kefu login-link`. It works once: it starts a browser session and
// sends the browser to its `next` path. Used, expired and unknown links are answered alike.
import type { FastifyPluginAsync } from 'fastify';
import { setSessionCookie } from '../../platform/browser-session.js';
import { field } from './form.js';
import { sendPage, seeOther } from './html.js';

const route: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { token: string } }>('/sign-in/link/:token', { schema: { hide: true } }, async (request, reply) => {
    const redeemed = await app.kefu.signIn.redeemLoginLink(request.params.token, field(request.query, 'next'));
    if (!redeemed) {
      return sendPage(reply, 400, 'Sign-in link not valid', '<p>This sign-in link was already used, has expired, or was not made by this server. Ask for a new one, or <a href="/sign-in">sign in with a password</a>.</p>');
    }
    setSessionCookie(request, reply, redeemed.cookie, redeemed.expires_at, app.kefu.clock.now());
    return seeOther(reply, redeemed.next_path);
  });
};
export default route;
