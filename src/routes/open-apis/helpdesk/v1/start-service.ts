// POST /open-apis/helpdesk/v1/start_service: the guest's service chat, and its ticket (answered for human tickets only, as Feishu).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startServiceAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { StartServiceAnswer, StartServiceBody } from '../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/open-apis/helpdesk/v1/start_service',
    { schema: { body: StartServiceBody, response: { 200: StartServiceAnswer } }, config: { access: startServiceAccess } },
    async (request) => {
      const { open_id, ...rest } = request.body;
      const { chat_id, ticket } = await app.kefu.lifecycle.start(request.helpdesk, { guest_id: open_id, ...rest, channel: 9 });
      return ok({ chat_id, ...(ticket.state.ticket_type === 2 ? { ticket_id: ticket.row.ticket_id } : {}) });
    },
  );
};
export default route;
