// GET /open-apis/helpdesk/v1/tickets/:ticket_id/messages: oldest first, with total.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../../platform/access-rules.js';
import { ok } from '../../../../../../platform/envelope.js';
import { MessagesAnswer, MessagesQuery, TicketIdPath } from '../../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/helpdesk/v1/tickets/:ticket_id/messages',
    { schema: { params: TicketIdPath, querystring: MessagesQuery, response: { 200: MessagesAnswer } }, config: { access: readAccess } },
    async (request) => ok(await app.kefu.messages.listTicketMessages(request.helpdesk, request.params.ticket_id, request.query)),
  );
};
export default route;
