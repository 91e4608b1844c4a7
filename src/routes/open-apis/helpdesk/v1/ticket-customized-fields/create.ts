// POST /open-apis/helpdesk/v1/ticket_customized_fields (feishu-surface.md §3.1)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { Envelope, ok } from '../../../../../platform/envelope.js';
import { CreateTicketCustomizedFieldBody } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const CreateAnswer = Envelope(Type.Object({ ticket_customized_field_id: Type.String() }));

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.post(
    '/open-apis/helpdesk/v1/ticket_customized_fields',
    { schema: { body: CreateTicketCustomizedFieldBody, response: { 200: CreateAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok({ ticket_customized_field_id: await fields.create(request.helpdesk, request.caller.open_id, request.body) }),
  );
};
export default route;
