// POST /open-apis/helpdesk/v1/notifications/:notification_id/execute_send {send_at}: sent then (at once if it has come).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { ExecuteSendBody, NotificationIdParams } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/execute_send',
    { schema: { params: NotificationIdParams, body: ExecuteSendBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await app.kefu.notifications.executeSend(request.helpdesk, request.caller.open_id!, request.params.notification_id, request.body.send_at);
      return ok({});
    },
  );
};
export default route;
