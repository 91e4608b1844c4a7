// POST /open-apis/helpdesk/v1/categories (§1.2): an agent, an admin or the owner.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { CategoryAnswer, CreateCategoryBody } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.post(
    '/open-apis/helpdesk/v1/categories',
    { schema: { body: CreateCategoryBody, response: { 200: CategoryAnswer } }, config: { access: userWriteAccess } },
    async (request) => ok(await kb.createCategory(request.helpdesk, request.caller, request.body)),
  );
};
export default route;
