// POST /open-apis/helpdesk/v1/agent_schedules (seed 004)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { CreateAgentSchedulesBody } from '../../../../../schemas/agent-schedules.js';
import { AgentsService } from '../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.post(
    '/open-apis/helpdesk/v1/agent_schedules',
    { schema: { body: CreateAgentSchedulesBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await agents.createSchedules(request.helpdesk, request.body.agent_schedules);
      return ok({});
    },
  );
};
export default route;
