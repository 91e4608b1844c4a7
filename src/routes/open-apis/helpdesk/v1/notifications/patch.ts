// PATCH /open-apis/helpdesk/v1/notifications/:notification_id: only a draft (or a rejected notification) changes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams, PatchNotificationBody, UserIdTypeQuery } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/open-apis/helpdesk/v1/notifications/:notification_id',
    {
      schema: { params: NotificationIdParams, querystring: UserIdTypeQuery, body: PatchNotificationBody, response: { 200: EmptyEnvelope } },
      config: { access: adminWriteAccess },
    },
    async (request) => {
      await app.kefu.notifications.patch(request.helpdesk, request.caller.open_id!, request.params.notification_id, request.body);
      return ok({});
    },
  );
};
export default route;
