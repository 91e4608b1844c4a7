// PATCH /open-apis/helpdesk/v1/agents/:agent_id/schedules
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../../platform/envelope.js';
import { AgentIdParams, PatchAgentScheduleBody } from '../../../../../../schemas/agent-schedules.js';
import { AgentsService } from '../../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.patch(
    '/open-apis/helpdesk/v1/agents/:agent_id/schedules',
    { schema: { params: AgentIdParams, body: PatchAgentScheduleBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await agents.patchSchedule(request.helpdesk, request.params.agent_id, request.body.agent_schedule ?? {});
      return ok({});
    },
  );
};
export default route;
