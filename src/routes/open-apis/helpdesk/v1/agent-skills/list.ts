// GET /open-apis/helpdesk/v1/agent_skills (seed 000).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListAgentSkillsAnswer } from '../../../../../schemas/agent-skills.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/helpdesk/v1/agent_skills',
    { schema: { response: { 200: ListAgentSkillsAnswer } }, config: { access: readAccess } },
    async (request) => ok({ agent_skills: await app.kefu.store.repos.skills.listByHelpdesk(request.helpdesk.helpdesk_id) }),
  );
};
export default route;
