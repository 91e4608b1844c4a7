// GET /open-apis/helpdesk/v1/categories: the helpdesk's FAQ categories as a tree (feishu-surface.md §1.1).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListCategoriesAnswer, ListCategoriesQuery } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/categories',
    { schema: { querystring: ListCategoriesQuery, response: { 200: ListCategoriesAnswer } }, config: { access: readAccess } },
    async (request) => ok(await kb.listCategories(request.helpdesk, request.query)),
  );
};
export default route;
