// POST /open-apis/helpdesk/v1/notifications/:notification_id/cancel_approve: back to a draft.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/cancel_approve',
    { schema: { params: NotificationIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await app.kefu.notifications.cancelApprove(request.helpdesk, request.caller.open_id!, request.params.notification_id);
      return ok({});
    },
  );
};
export default route;
