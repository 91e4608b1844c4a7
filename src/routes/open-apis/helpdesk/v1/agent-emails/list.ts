// GET /open-apis/helpdesk/v1/agent_emails
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { AgentEmailsAnswer } from '../../../../../schemas/agent-emails.js';
import { AgentsService } from '../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/agent_emails',
    { schema: { response: { 200: AgentEmailsAnswer } }, config: { access: readAccess } },
    async (request) => ok({ agents: JSON.stringify(await agents.emails(request.helpdesk)) }),
  );
};
export default route;
