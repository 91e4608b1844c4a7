// GET /kefu/v1/chats/:chat_id/messages: the guest reads their chat, oldest first, in GET ticket messages' shape.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ChatIdPath, ChatMessagesQuery, MessagesAnswer } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/kefu/v1/chats/:chat_id/messages',
    { schema: { params: ChatIdPath, querystring: ChatMessagesQuery, response: { 200: MessagesAnswer } }, config: { access: guestAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.messages.listChatMessages(request.caller, request.params.chat_id, request.query)),
  );
};
export default route;
