// POST /open-apis/helpdesk/v1/notifications/:notification_id/preview: the card, to the caller's own chat with the bot.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/preview',
    { schema: { params: NotificationIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await app.kefu.notifications.preview(request.helpdesk, request.caller.open_id!, request.params.notification_id);
      return ok({});
    },
  );
};
export default route;
