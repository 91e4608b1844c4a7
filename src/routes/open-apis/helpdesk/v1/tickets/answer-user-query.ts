// POST /open-apis/helpdesk/v1/tickets/:ticket_id/answer_user_query: the bot answers a guest's question (bot stage only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { botWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { AnswerUserQueryBody, TicketIdPath } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/tickets/:ticket_id/answer_user_query',
    { schema: { params: TicketIdPath, body: AnswerUserQueryBody, response: { 200: EmptyEnvelope } }, config: { access: botWriteAccess } },
    async (request) => {
      await app.kefu.messages.answerUserQuery(request.helpdesk, request.params.ticket_id, request.body.event_id, request.body.faqs);
      return ok({});
    },
  );
};
export default route;
