// GET /open-apis/helpdesk/v1/ticket_customized_fields (feishu-surface.md §3.2). The SDKs send the `visible` filter as
// the JSON body of this GET; `?visible=` is accepted too for clients that cannot send one (the body wins).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { badField } from '../../../../../platform/errors.js';
import { ListTicketCustomizedFieldsAnswer, ListTicketCustomizedFieldsQuery } from '../../../../../schemas/customized-fields.js';
import { CustomizedFieldsService } from '../../../../../services/customized-fields-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const fields = new CustomizedFieldsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/ticket_customized_fields',
    {
      schema: { querystring: ListTicketCustomizedFieldsQuery, response: { 200: ListTicketCustomizedFieldsAnswer } },
      config: { access: readAccess, readsGetBody: true },
    },
    async (request) => {
      const { page_token, page_size, visible } = request.query;
      return ok(await fields.list(request.helpdesk, { page_token, page_size, visible: visibleInBody(request.body) ?? visible }));
    },
  );
};

/** The body's `visible` (Fastify validates no body on GET, so it is checked here). */
function visibleInBody(body: unknown): boolean | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw badField('body', 'must be a JSON object such as {"visible": true}');
  const { visible } = body as { visible?: unknown };
  if (visible === undefined || visible === null) return undefined;
  if (typeof visible !== 'boolean') throw badField('visible', 'must be true or false', visible);
  return visible;
}
export default route;
