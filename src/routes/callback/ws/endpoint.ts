// POST /callback/ws/endpoint: where the SDKs' WSClient asks for its WebSocket URL and ClientConfig, with the app's
// id and secret in the body (no token). Refusals are HTTP 200 with a code and `data: {}`, which the SDK takes as
// final; feishu-events.md §2.1.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../../../platform/errors.js';
import { WsEndpointAnswer, WsEndpointBody } from '../../../schemas/long-connection.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/callback/ws/endpoint', { schema: { body: WsEndpointBody, response: { 200: WsEndpointAnswer } } }, async (request, reply) => {
    // Behind a TLS-terminating proxy (deploy/nginx.conf) the client reached Kefu by https: its WebSocket is wss.
    const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
    const origin = `${secure ? 'wss' : 'ws'}://${request.host}`;
    try {
      const data = await app.kefu.tokenAttempts.attempt(request.body.AppID, request.ip, () => app.kefu.events.longConnections.endpoint(request.body, origin));
      return { code: 0, msg: 'ok', data };
    } catch (error) {
      if (!(error instanceof ApiError) || error.row.status !== 200) throw error;
      request.log.info({ code: error.row.code }, error.message);
      reply.feishuCode = error.row.code;
      return { code: error.row.code, msg: error.message, data: {} };
    }
  });
};
export default route;
