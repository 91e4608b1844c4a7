// GET /open-apis/helpdesk/v1/notifications/:notification_id (feishu-surface.md §4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { GetNotificationAnswer, NotificationIdParams, UserIdTypeQuery } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/helpdesk/v1/notifications/:notification_id',
    { schema: { params: NotificationIdParams, querystring: UserIdTypeQuery, response: { 200: GetNotificationAnswer } }, config: { access: readAccess } },
    async (request) => ok(await app.kefu.notifications.get(request.helpdesk, request.params.notification_id)),
  );
};
export default route;
