// POST /open-apis/helpdesk/v1/notifications/:notification_id/cancel_send {is_recall}: recall takes back what was sent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { CancelSendBody, NotificationIdParams } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/cancel_send',
    { schema: { params: NotificationIdParams, body: CancelSendBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await app.kefu.notifications.cancelSend(request.helpdesk, request.caller.open_id!, request.params.notification_id, request.body.is_recall);
      return ok({});
    },
  );
};
export default route;
