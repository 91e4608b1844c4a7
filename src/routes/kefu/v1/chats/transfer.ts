// POST /kefu/v1/chats/:chat_id/transfer: the guest asks for a human (a human ticket already: no change).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { ChatIdPath, TicketIdAnswer } from '../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/chats/:chat_id/transfer',
    { schema: { params: ChatIdPath, response: { 200: TicketIdAnswer } }, config: { access: guestAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.lifecycle.transfer(request.caller, request.params.chat_id)),
  );
};
export default route;
