// GET /open-apis/helpdesk/v1/agent_skills (seed 000). Read by every routing bot and dashboard, changed rarely:
// answered from memory while the database has not changed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { sendCachedAnswer } from '../../../../../platform/cached-answer.js';
import { ListAgentSkillsAnswer } from '../../../../../schemas/agent-skills.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/helpdesk/v1/agent_skills',
    { schema: { response: { 200: ListAgentSkillsAnswer } }, config: { access: readAccess } },
    (request, reply) => {
      const { helpdesk_id } = request.helpdesk;
      const { store } = app.kefu;
      return sendCachedAnswer(reply, store.cache, `GET agent_skills ${helpdesk_id}`, async () => ({
        agent_skills: await store.repos.skills.listByHelpdesk(helpdesk_id),
      }));
    },
  );
};
export default route;
