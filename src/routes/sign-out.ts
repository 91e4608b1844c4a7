// POST /sign-out: ends the browser session (in the database, so every process stops honouring it) and clears the cookie.
import type { FastifyPluginAsync } from 'fastify';
import { clearSessionCookie, postedFromHere, sessionCookieOf } from '../platform/browser-session.js';
import { acceptForms } from './sign-in/form.js';
import { sendPage, seeOther } from './sign-in/html.js';

const route: FastifyPluginAsync = async (app) => {
  acceptForms(app);
  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (!postedFromHere(request)) return sendPage(reply, 403, 'Sign out', '<p>This form was sent from another site.</p>');
    await app.kefu.signIn.endSession(sessionCookieOf(request));
    clearSessionCookie(request, reply);
    return seeOther(reply, '/sign-in');
  });
};
export default route;
