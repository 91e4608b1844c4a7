// GET /open-apis/helpdesk/v1/agent_schedules?status=..&status=.. (seed 002)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { ListAgentSchedulesAnswer, ListAgentSchedulesQuery } from '../../../../../schemas/agent-schedules.js';
import { AgentsService } from '../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/agent_schedules',
    { schema: { querystring: ListAgentSchedulesQuery, response: { 200: ListAgentSchedulesAnswer } }, config: { access: readAccess } },
    async (request) => ok({ agent_schedules: await agents.listSchedules(request.helpdesk, request.query.status) }),
  );
};
export default route;
