// GET /open-apis/helpdesk/v1/faqs/search (§2.2): ranked (docs/knowledge-base.md), the query plain or base64.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { SearchFaqsAnswer, SearchFaqsQuery } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/faqs/search',
    { schema: { querystring: SearchFaqsQuery, response: { 200: SearchFaqsAnswer } }, config: { access: readAccess } },
    async (request) => ok(await kb.searchFaqs(request.helpdesk, request.query)),
  );
};
export default route;
