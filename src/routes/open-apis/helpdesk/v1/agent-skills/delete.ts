// DELETE /open-apis/helpdesk/v1/agent_skills/:agent_skill_id
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { AgentSkillIdParams } from '../../../../../schemas/agent-skills.js';
import { SkillsService } from '../../../../../services/skills-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const skills = new SkillsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.delete(
    '/open-apis/helpdesk/v1/agent_skills/:agent_skill_id',
    { schema: { params: AgentSkillIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await skills.delete(request.helpdesk, request.params.agent_skill_id);
      return ok({});
    },
  );
};
export default route;
