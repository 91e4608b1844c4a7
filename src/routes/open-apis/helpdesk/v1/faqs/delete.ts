// DELETE /open-apis/helpdesk/v1/faqs/:id (§2.6): a soft delete (status 0).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { FaqIdParams } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.delete(
    '/open-apis/helpdesk/v1/faqs/:id',
    { schema: { params: FaqIdParams, response: { 200: EmptyEnvelope } }, config: { access: userWriteAccess } },
    async (request) => {
      await kb.deleteFaq(request.helpdesk, request.caller, request.params.id);
      return ok({});
    },
  );
};
export default route;
