// POST /kefu/v1/notifications/:notification_id/review {approve}: the helpdesk's owner approves or rejects a
// notification waiting for review (Feishu does this in its own app); notification.approve_v1 says the outcome.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { NotificationIdParams, ReviewAnswer, ReviewBody } from '../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/notifications/:notification_id/review',
    { schema: { params: NotificationIdParams, body: ReviewBody, response: { 200: ReviewAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok(await app.kefu.notifications.review(request.helpdesk, request.caller.open_id!, request.params.notification_id, request.body.approve)),
  );
};
export default route;
