// POST /open-apis/helpdesk/v1/faqs (§2.3): answer_richtext as a string of JSON or an array.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { CreateFaqBody, FaqAnswer } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.post(
    '/open-apis/helpdesk/v1/faqs',
    { schema: { body: CreateFaqBody, response: { 200: FaqAnswer } }, config: { access: userWriteAccess } },
    async (request) => ok(await kb.createFaq(request.helpdesk, request.caller, request.body.faq)),
  );
};
export default route;
