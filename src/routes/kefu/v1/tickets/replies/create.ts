// POST /kefu/v1/tickets/:ticket_id/replies: an agent (or an admin, or the owner) answers in the ticket (sender_type 3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { MessageBody, MessageIdAnswer, TicketIdPath } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/tickets/:ticket_id/replies',
    { schema: { params: TicketIdPath, body: MessageBody, response: { 200: MessageIdAnswer } }, config: { access: userWriteAccess } },
    async (request) => ok(await app.kefu.messages.agentReply(request.helpdesk, request.caller, request.params.ticket_id, request.body)),
  );
};
export default route;
