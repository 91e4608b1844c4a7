// GET /open-apis/helpdesk/v1/tickets (seed 003): a page of the helpdesk's tickets, filtered, newest first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { queryKey, sendCachedBytes } from '../../../../../platform/cached-answer.js';
import { ListTicketsAnswer, ListTicketsQuery } from '../../../../../schemas/tickets.js';
import { TicketsService } from '../../../../../services/tickets-service.js';
import { listAnswerBytes } from './list-answer.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const tickets = new TicketsService(app.kefu.store);
  app.get(
    '/open-apis/helpdesk/v1/tickets',
    {
      schema: { querystring: ListTicketsQuery, response: { 200: ListTicketsAnswer } },
      config: { access: readAccess, rateLimitClass: 'ticket-list' },
    },
    // Dashboards poll the same page again and again: it is answered from memory until the database changes.
    (request, reply) =>
      sendCachedBytes(reply, app.kefu.store.cache, `GET tickets ${request.helpdesk.helpdesk_id} ${queryKey(request.query)}`, async () =>
        listAnswerBytes(reply, await tickets.listJson(request.helpdesk, request.query)),
      ),
  );
};
export default route;
