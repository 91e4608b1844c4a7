// POST /open-apis/helpdesk/v1/notifications/:notification_id/submit_approve {reason}: the owner's own is approved at once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams, SubmitApproveAnswer, SubmitApproveBody } from '../../../../../schemas/notifications.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/submit_approve',
    { schema: { params: NotificationIdParams, body: SubmitApproveBody, response: { 200: SubmitApproveAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok(await app.kefu.notifications.submitApprove(request.helpdesk, request.caller.open_id!, request.params.notification_id, request.body.reason)),
  );
};
export default route;
