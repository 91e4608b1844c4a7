// POST /sign-in: checks the password and starts a browser session. Failures answer the form again, with the reason;
// failed attempts are limited per person named and per address (429 once over).
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_NEXT_PATH, sameOriginPath } from '../../domain/sign-in.js';
import { postedFromHere, setSessionCookie } from '../../platform/browser-session.js';
import { ApiError, errors } from '../../platform/errors.js';
import { acceptForms, field } from './form.js';
import { sendPage, seeOther } from './html.js';
import { signInForm } from './page.js';

const route: FastifyPluginAsync = async (app) => {
  acceptForms(app);
  app.post('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const next = sameOriginPath(field(request.body, 'next')) ?? DEFAULT_NEXT_PATH;
    const account = (field(request.body, 'account') ?? '').trim();
    const password = field(request.body, 'password') ?? '';
    if (!postedFromHere(request)) return sendPage(reply, 403, 'Sign in', signInForm(next, 'This form was sent from another site. Sign in on this page.'));
    if (account === '' || password === '') return sendPage(reply, 400, 'Sign in', signInForm(next, 'Enter your open_id or email and your password.', account));
    let open_id: string;
    try {
      open_id = await app.kefu.signIn.verifyPassword(account, password, request.ip);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.row === errors.rateLimited) {
        for (const [name, value] of Object.entries(error.details.headers ?? {})) reply.header(name, value);
        return sendPage(reply, 429, 'Sign in', signInForm(next, 'Too many failed attempts. Wait a minute and try again.', account));
      }
      return sendPage(reply, 401, 'Sign in', signInForm(next, 'The open_id or email and the password do not match.', account));
    }
    const session = await app.kefu.signIn.startSession(open_id);
    setSessionCookie(request, reply, session.cookie, session.expires_at, app.kefu.clock.now());
    return seeOther(reply, next);
  });
};
export default route;
