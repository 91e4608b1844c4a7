// POST /open-apis/authen/v1/oidc/access_token: an authorization code for a user_access_token and a refresh token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appTokenAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { OidcAccessTokenBody, OidcTokenAnswer } from '../../../../../schemas/authen.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/authen/v1/oidc/access_token',
    { schema: { body: OidcAccessTokenBody, response: { 200: OidcTokenAnswer } }, config: { access: appTokenAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.oidc.exchangeCode(request.caller, request.body)),
  );
};
export default route;
