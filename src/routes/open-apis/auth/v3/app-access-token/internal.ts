// POST /open-apis/auth/v3/app_access_token/internal: flat, and like Feishu it adds a tenant token too.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppCredentialsBody, AppTokenAnswer } from '../../../../../schemas/auth.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/auth/v3/app_access_token/internal',
    { schema: { body: AppCredentialsBody, response: { 200: AppTokenAnswer } } },
    async (request) => {
      const body = (request.body ?? {}) as { app_id?: unknown; app_secret?: unknown };
      // One attempt for both tokens: a wrong secret counts once.
      const [appToken, tenantToken] = await app.kefu.tokenAttempts.attempt(body.app_id, request.ip, async () => [
        await app.kefu.auth.issueAppToken('app', body.app_id, body.app_secret),
        await app.kefu.auth.issueAppToken('tenant', body.app_id, body.app_secret),
      ]);
      return { code: 0, msg: 'ok', app_access_token: appToken.token, tenant_access_token: tenantToken.token, expire: appToken.expire };
    },
  );
};
export default route;
