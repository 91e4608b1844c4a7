// POST /open-apis/helpdesk/v1/notifications: a draft (feishu-surface.md §4; docs/notifications.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { CreateNotificationAnswer, CreateNotificationBody, UserIdTypeQuery } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications',
    { schema: { querystring: UserIdTypeQuery, body: CreateNotificationBody, response: { 200: CreateNotificationAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok(await app.kefu.notifications.create(request.helpdesk, request.caller.open_id!, request.body)),
  );
};
export default route;
