// GET /kefu/v1/chats: the guest's chats, service and bot.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { guestAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { ChatsAnswer } from '../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/kefu/v1/chats', { schema: { response: { 200: ChatsAnswer } }, config: { access: guestAccess, rateLimitClass: false } }, async (request) => {
    const chats = await app.kefu.store.repos.chats.listByGuest(request.caller.open_id!);
    return ok({ chats: chats.map((c) => ({ chat_id: c.chat_id, helpdesk_id: c.helpdesk_id, kind: c.kind as 'service' | 'bot' })) });
  });
};
export default route;
