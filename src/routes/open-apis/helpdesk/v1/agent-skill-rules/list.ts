// GET /open-apis/helpdesk/v1/agent_skill_rules: the rule kinds a skill can test.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListAgentSkillRulesAnswer } from '../../../../../schemas/agent-skill-rules.js';
import { ruleCatalogue } from '../../../../../services/skills-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/open-apis/helpdesk/v1/agent_skill_rules',
    { schema: { response: { 200: ListAgentSkillRulesAnswer } }, config: { access: readAccess } },
    async () => ok({ rules: ruleCatalogue() }),
  );
};
export default route;
