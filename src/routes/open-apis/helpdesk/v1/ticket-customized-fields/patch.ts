// PATCH /open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id (§3.4)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { PatchTicketCustomizedFieldBody, TicketCustomizedFieldIdParams } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.patch(
    '/open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id',
    {
      schema: { params: TicketCustomizedFieldIdParams, body: PatchTicketCustomizedFieldBody, response: { 200: EmptyEnvelope } },
      config: { access: adminWriteAccess },
    },
    async (request) => {
      await fields.patch(request.helpdesk, request.caller.open_id, request.params.ticket_customized_field_id, request.body);
      return ok({});
    },
  );
};
export default route;
