// PATCH /open-apis/helpdesk/v1/agent_skills/:agent_skill_id (seed 001)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { AgentSkillIdParams, PatchAgentSkillBody } from '../../../../../schemas/agent-skills.js';
import { SkillsService } from '../../../../../services/skills-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const skills = new SkillsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.patch(
    '/open-apis/helpdesk/v1/agent_skills/:agent_skill_id',
    { schema: { params: AgentSkillIdParams, body: PatchAgentSkillBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await skills.patch(request.helpdesk, request.params.agent_skill_id, request.body.agent_skill ?? {});
      return ok({});
    },
  );
};
export default route;
