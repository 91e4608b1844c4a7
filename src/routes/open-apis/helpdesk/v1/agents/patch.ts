// PATCH /open-apis/helpdesk/v1/agents/:agent_id {status: 1 | 2}
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { AgentIdParams } from '../../../../../schemas/agent-schedules.js';
import { PatchAgentBody } from '../../../../../schemas/agent-status.js';
import { AgentsService } from '../../../../../services/agents-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const agents = new AgentsService(app.kefu.store, app.kefu.clock, app.kefu.routing);
  app.patch(
    '/open-apis/helpdesk/v1/agents/:agent_id',
    { schema: { params: AgentIdParams, body: PatchAgentBody, response: { 200: EmptyEnvelope } }, config: { access: adminWriteAccess } },
    async (request) => {
      await agents.setStatus(request.helpdesk, request.params.agent_id, request.body.status as 1 | 2 | undefined);
      return ok({});
    },
  );
};
export default route;
