// POST /open-apis/helpdesk/v1/tickets/:ticket_id/messages: the app speaks in the ticket as the helpdesk bot.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { botWriteAccess } from '../../../../../../platform/access-rules.js';
import { ok } from '../../../../../../platform/envelope.js';
import { MessageBody, MessageIdAnswer, TicketIdPath } from '../../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/tickets/:ticket_id/messages',
    { schema: { params: TicketIdPath, body: MessageBody, response: { 200: MessageIdAnswer } }, config: { access: botWriteAccess } },
    async (request) => ok(await app.kefu.messages.botTicketMessage(request.helpdesk, request.params.ticket_id, request.body)),
  );
};
export default route;
