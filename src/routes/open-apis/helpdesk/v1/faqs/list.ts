// GET /open-apis/helpdesk/v1/faqs (§2.1): newest first; the last page has has_more false and no page_token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListFaqsAnswer, ListFaqsQuery } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/faqs',
    { schema: { querystring: ListFaqsQuery, response: { 200: ListFaqsAnswer } }, config: { access: readAccess } },
    async (request) => ok(await kb.listFaqs(request.helpdesk, request.query)),
  );
};
export default route;
