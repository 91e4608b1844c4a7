// GET /open-apis/helpdesk/v1/tickets/:ticket_id: one ticket, as the list answers it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { sendBytes } from '../../../../../platform/cached-answer.js';
import { GetTicketAnswer, TicketIdParams } from '../../../../../schemas/tickets.js';
import { TicketsService } from '../../../../../services/tickets-service.js';
import { ticketAnswerBytes } from './list-answer.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const tickets = new TicketsService(app.kefu.store);
  app.get(
    '/open-apis/helpdesk/v1/tickets/:ticket_id',
    { schema: { params: TicketIdParams, response: { 200: GetTicketAnswer } }, config: { access: readAccess } },
    async (request, reply) => sendBytes(reply, ticketAnswerBytes(await tickets.getJson(request.helpdesk, request.params.ticket_id))),
  );
};
export default route;
