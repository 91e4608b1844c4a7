// GET /open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id: the field itself, unwrapped (§3.3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { GetTicketCustomizedFieldAnswer, TicketCustomizedFieldIdParams } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/ticket_customized_fields/:ticket_customized_field_id',
    { schema: { params: TicketCustomizedFieldIdParams, response: { 200: GetTicketCustomizedFieldAnswer } }, config: { access: readAccess } },
    async (request) => ok(await fields.get(request.helpdesk, request.params.ticket_customized_field_id)),
  );
};
export default route;
