// DELETE /open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id (§3.5; owner or admin)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { TicketCustomizedFieldIdParams } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.delete(
    '/open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id',
    { schema: { params: TicketCustomizedFieldIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await fields.delete(request.helpdesk, request.params.ticket_customized_field_id);
      return ok({});
    },
  );
};
export default route;
