// POST /open-apis/helpdesk/v1/agent_skills
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { CreateAgentSkillAnswer, CreateAgentSkillBody } from '../../../../../schemas/agent-skills.js';
import { SkillsService } from '../../../../../services/skills-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const skills = new SkillsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.post(
    '/open-apis/helpdesk/v1/agent_skills',
    { schema: { body: CreateAgentSkillBody, response: { 200: CreateAgentSkillAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok({ agent_skill_id: await skills.create(request.helpdesk, request.body) }),
  );
};
export default route;
