// PUT /open-apis/helpdesk/v1/tickets/:ticket_id: data only, as Feishu says (no routing, no chat closes).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { TicketIdPath, UpdateTicketBody } from '../../../../../schemas/lifecycle.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/open-apis/helpdesk/v1/tickets/:ticket_id',
    { schema: { params: TicketIdPath, body: UpdateTicketBody, response: { 200: EmptyEnvelope } }, config: { access: userWriteAccess } },
    async (request) => {
      const { customized_fields, ...rest } = request.body;
      await app.kefu.lifecycle.update(request.helpdesk, request.caller, request.params.ticket_id, {
        ...rest,
        ...(customized_fields === undefined ? {} : { customized_fields: customized_fields.map((f) => ({ id: f.id, value: f.value, key_name: f.key_name ?? '', display_name: f.key_name ?? '', position: 0, required: false, editable: true })) }),
      });
      return ok({});
    },
  );
};
export default route;
