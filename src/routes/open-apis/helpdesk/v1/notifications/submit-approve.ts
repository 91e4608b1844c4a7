// POST /open-apis/helpdesk/v1/notifications/:notification_id/submit_approve {reason}: the owner's own is approved at once.
// The helpdesk header is optional here (named-helpdesk.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteOptionalHelpdesk } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { NotificationIdParams, SubmitApproveAnswer, SubmitApproveBody } from '../../../../../schemas/notifications.js';
import { helpdeskOfRequest } from './named-helpdesk.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/notifications/:notification_id/submit_approve',
    { schema: { params: NotificationIdParams, body: SubmitApproveBody, response: { 200: SubmitApproveAnswer } }, config: { access: adminWriteOptionalHelpdesk } },
    async (request) => {
      const { notification_id } = request.params;
      const helpdesk = await helpdeskOfRequest(app, request, notification_id);
      return ok(await app.kefu.notifications.submitApprove(helpdesk, request.caller.open_id!, notification_id, request.body.reason));
    },
  );
};
export default route;
