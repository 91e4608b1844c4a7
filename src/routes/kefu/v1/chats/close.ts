// POST /kefu/v1/chats/:chat_id/close {score?, dissatisfaction_reason?}: the guest closes their open ticket (status 52).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { ChatIdPath, GuestCloseBody, TicketIdAnswer } from '../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/chats/:chat_id/close',
    { schema: { params: ChatIdPath, body: GuestCloseBody, response: { 200: TicketIdAnswer } }, config: { access: guestAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.lifecycle.guestClose(request.caller, request.params.chat_id, request.body.score, request.body.dissatisfaction_reason)),
  );
};
export default route;
