// PATCH /open-apis/helpdesk/v1/categories/:id: a new name or parent (§1.4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { CategoryIdParams, PatchCategoryBody } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.patch(
    '/open-apis/helpdesk/v1/categories/:id',
    { schema: { params: CategoryIdParams, body: PatchCategoryBody, response: { 200: EmptyEnvelope } }, config: { access: userWriteAccess } },
    async (request) => {
      await kb.patchCategory(request.helpdesk, request.caller, request.params.id, request.body);
      return ok({});
    },
  );
};
export default route;
