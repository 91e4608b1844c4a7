// DELETE /open-apis/helpdesk/v1/agents/:agent_id/schedules: removes the agent (status 4), keeping its history.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../../platform/envelope.js';
import { AgentIdParams } from '../../../../../../schemas/agent-schedules.js';
import { AgentsService } from '../../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock);
  app.delete(
    '/open-apis/helpdesk/v1/agents/:agent_id/schedules',
    { schema: { params: AgentIdParams, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await agents.remove(request.helpdesk, request.params.agent_id);
      return ok({});
    },
  );
};
export default route;
