// GET /open-apis/helpdesk/v1/faqs/:id (§2.4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { FaqAnswer, FaqIdParams } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/faqs/:id',
    { schema: { params: FaqIdParams, response: { 200: FaqAnswer } }, config: { access: readAccess } },
    async (request) => ok(await kb.getFaq(request.helpdesk, request.params.id)),
  );
};
export default route;
