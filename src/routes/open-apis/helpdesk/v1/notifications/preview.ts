// POST /open-apis/helpdesk/v1/notifications/:notification_id/preview: the card, to the caller's own chat with the bot.
// The helpdesk header is optional here (named-helpdesk.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteOptionalHelpdesk } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams } from '../../../../../schemas/notifications.js';
import { helpdeskOfRequest } from './named-helpdesk.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/preview',
    { schema: { params: NotificationIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteOptionalHelpdesk } },
    async (request) => {
      const { notification_id } = request.params;
      await app.kefu.notifications.preview(await helpdeskOfRequest(app, request, notification_id), request.caller.open_id!, notification_id);
      return ok({});
    },
  );
};
export default route;
