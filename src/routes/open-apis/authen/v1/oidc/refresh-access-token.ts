// POST /open-apis/authen/v1/oidc/refresh_access_token: a refresh token (used once) for a new user token and refresh token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appTokenAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { OidcRefreshAccessTokenBody, OidcTokenAnswer } from '../../../../../schemas/authen.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/authen/v1/oidc/refresh_access_token',
    { schema: { body: OidcRefreshAccessTokenBody, response: { 200: OidcTokenAnswer } }, config: { access: appTokenAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.oidc.refresh(request.caller, request.body)),
  );
};
export default route;
