// GET /kefu/v1/tickets/:ticket_id/routing: every routing decision of the ticket, oldest first (why this agent).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { RoutingAnswer } from '../../../../schemas/routing.js';
import { TicketIdParams } from '../../../../schemas/tickets.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/kefu/v1/tickets/:ticket_id/routing',
    { schema: { params: TicketIdParams, response: { 200: RoutingAnswer } }, config: { access: readAccess } },
    async (request) => ok({ decisions: await app.kefu.routing.decisions(request.helpdesk, request.params.ticket_id) }),
  );
};
export default route;
