// GET /open-apis/helpdesk/v1/customized_fields: the helpdesk's user and ticket customized fields, unpaged (§3.6).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListCustomizedFieldsAnswer, ListCustomizedFieldsQuery } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/customized_fields',
    { schema: { querystring: ListCustomizedFieldsQuery, response: { 200: ListCustomizedFieldsAnswer } }, config: { access: readAccess } },
    async (request) => ok(await fields.listAll(request.helpdesk, request.query.visible_only === true)),
  );
};
export default route;
