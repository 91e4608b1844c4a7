// GET /open-apis/authen/v1/user_info: who a user_access_token acts for.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userInfoAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { UserInfoAnswer } from '../../../../schemas/authen.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/authen/v1/user_info',
    { schema: { response: { 200: UserInfoAnswer } }, config: { access: userInfoAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.oidc.userInfo(request.caller)),
  );
};
export default route;
