// POST /open-apis/auth/v3/tenant_access_token/internal: a flat answer, no `data` wrapper (wire.md "Tokens").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppCredentialsBody, TenantTokenAnswer } from '../../../../../schemas/auth.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/auth/v3/tenant_access_token/internal',
    { schema: { body: AppCredentialsBody, response: { 200: TenantTokenAnswer } } },
    async (request) => {
      const body = (request.body ?? {}) as { app_id?: unknown; app_secret?: unknown };
      const { token, expire } = await app.kefu.tokenAttempts.attempt(body.app_id, request.ip, () => app.kefu.auth.issueAppToken('tenant', body.app_id, body.app_secret));
      return { code: 0, msg: 'ok', tenant_access_token: token, expire };
    },
  );
};
export default route;
