// PATCH /open-apis/helpdesk/v1/faqs/:id (§2.5): the fields given replace the stored ones.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { FaqIdParams, PatchFaqBody } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.patch(
    '/open-apis/helpdesk/v1/faqs/:id',
    { schema: { params: FaqIdParams, body: PatchFaqBody, response: { 200: EmptyEnvelope } }, config: { access: userWriteAccess } },
    async (request) => {
      await kb.patchFaq(request.helpdesk, request.caller, request.params.id, request.body.faq);
      return ok({});
    },
  );
};
export default route;
