// POST /kefu/v1/helpdesks/:helpdesk_id/chats {human_service?}: the guest starts (channel 0), or finds their open ticket.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { GuestStartAnswer, GuestStartBody, HelpdeskIdPath } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/helpdesks/:helpdesk_id/chats',
    { schema: { params: HelpdeskIdPath, body: GuestStartBody, response: { 200: GuestStartAnswer } }, config: { access: guestAccess, rateLimitClass: false } },
    async (request) => {
      const { chat_id, ticket } = await app.kefu.lifecycle.guestStart(request.caller, request.params.helpdesk_id, request.body.human_service);
      return ok({ chat_id, ticket_id: ticket.row.ticket_id });
    },
  );
};
export default route;
