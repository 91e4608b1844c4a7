// GET /open-apis/helpdesk/v1/agents/:agent_id/schedules
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../../platform/access-rules.js';
import { ok } from '../../../../../../platform/envelope.js';
import { AgentIdParams, GetAgentScheduleAnswer } from '../../../../../../schemas/agent-schedules.js';
import { AgentsService } from '../../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/agents/:agent_id/schedules',
    { schema: { params: AgentIdParams, response: { 200: GetAgentScheduleAnswer } }, config: { access: readAccess } },
    async (request) => ok({ agent_schedule: await agents.getSchedule(request.helpdesk, request.params.agent_id) }),
  );
};
export default route;
