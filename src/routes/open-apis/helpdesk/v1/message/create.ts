// POST /open-apis/helpdesk/v1/message: the helpdesk bot writes to a user's service chat or private chat.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { botWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { BotMessageBody, BotMessageQuery, MessageIdAnswer } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/message',
    { schema: { querystring: BotMessageQuery, body: BotMessageBody, response: { 200: MessageIdAnswer } }, config: { access: botWriteAccess } },
    async (request) => ok(await app.kefu.messages.botMessage(request.helpdesk, request.body)),
  );
};
export default route;
