// POST /kefu/v1/chats/:chat_id/messages: the guest writes (sender_type 2); a chat with no open ticket starts a bot-stage one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ChatIdPath, MessageBody, MessageIdAnswer } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/chats/:chat_id/messages',
    { schema: { params: ChatIdPath, body: MessageBody, response: { 200: MessageIdAnswer } }, config: { access: guestAccess, rateLimitClass: false } },
    async (request) => ok(await app.kefu.messages.guestMessage(request.caller, request.params.chat_id, request.body)),
  );
};
export default route;
