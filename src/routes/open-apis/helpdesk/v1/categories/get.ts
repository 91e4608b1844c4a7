// GET /open-apis/helpdesk/v1/categories/:id: the category itself, unwrapped (§1.3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { CategoryIdParams, GetCategoryAnswer } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/categories/:id',
    { schema: { params: CategoryIdParams, response: { 200: GetCategoryAnswer } }, config: { access: readAccess } },
    async (request) => ok(await kb.getCategory(request.helpdesk, request.params.id)),
  );
};
export default route;
