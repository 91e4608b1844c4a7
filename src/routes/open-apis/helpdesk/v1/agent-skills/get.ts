// GET /open-apis/helpdesk/v1/agent_skills/:agent_skill_id
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { AgentSkillIdParams, GetAgentSkillAnswer } from '../../../../../schemas/agent-skills.js';
import { SkillsService } from '../../../../../services/skills-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const skills = new SkillsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/agent_skills/:agent_skill_id',
    { schema: { params: AgentSkillIdParams, response: { 200: GetAgentSkillAnswer } }, config: { access: readAccess } },
    async (request) => ok({ agent_skill: await skills.get(request.helpdesk, request.params.agent_skill_id) }),
  );
};
export default route;
