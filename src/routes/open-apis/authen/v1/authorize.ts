// GET /open-apis/authen/v1/authorize?app_id&redirect_uri&state: Feishu's authorize page. A signed-in person's browser
// is sent to the app's redirect URI with a code (and the state); anyone else signs in first and comes back here.
// Only a redirect URI the app registered is ever sent to: anything else is an error page.
import type { FastifyPluginAsync } from 'fastify';
import { sessionCookieOf } from '../../../../platform/browser-session.js';
import { escapeHtml, sendPage, seeOther } from '../../../sign-in/html.js';
import { field } from '../../../sign-in/form.js';

const route: FastifyPluginAsync = async (app) => {
  app.get('/open-apis/authen/v1/authorize', { schema: { hide: true } }, async (request, reply) => {
    const query = { app_id: field(request.query, 'app_id'), redirect_uri: field(request.query, 'redirect_uri'), state: field(request.query, 'state') };
    const person = await app.kefu.signIn.sessionPerson(sessionCookieOf(request));
    const outcome = await app.kefu.oidc.authorize(query, person);
    if (outcome.kind === 'sign-in') return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
    if (outcome.kind === 'refused') return sendPage(reply, outcome.status, 'Cannot sign in to this app', `<p role="alert">${escapeHtml(outcome.reason)}</p>`);
    return reply.code(302).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('location', outcome.location).send();
  });
};
export default route;
