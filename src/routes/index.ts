// The Feishu API route tree: the folder path of each module is its URL path under /open-apis.
import type { FastifyInstance } from 'fastify';
import appAccessToken from './open-apis/auth/v3/app-access-token/internal.js';
import tenantAccessToken from './open-apis/auth/v3/tenant-access-token/internal.js';
import listAgentSkills from './open-apis/helpdesk/v1/agent-skills/list.js';
import getAgentSkill from './open-apis/helpdesk/v1/agent-skills/get.js';
import createAgentSkill from './open-apis/helpdesk/v1/agent-skills/create.js';
import patchAgentSkill from './open-apis/helpdesk/v1/agent-skills/patch.js';
import deleteAgentSkill from './open-apis/helpdesk/v1/agent-skills/delete.js';
import listAgentSkillRules from './open-apis/helpdesk/v1/agent-skill-rules/list.js';
import listAgentSchedules from './open-apis/helpdesk/v1/agent-schedules/list.js';
import createAgentSchedules from './open-apis/helpdesk/v1/agent-schedules/create.js';
import patchAgent from './open-apis/helpdesk/v1/agents/patch.js';
import getAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/get.js';
import patchAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/patch.js';
import deleteAgentSchedule from './open-apis/helpdesk/v1/agents/schedules/delete.js';
import listAgentEmails from './open-apis/helpdesk/v1/agent-emails/list.js';
import listTickets from './open-apis/helpdesk/v1/tickets/list.js';
import getTicket from './open-apis/helpdesk/v1/tickets/get.js';
import routingDecisions from './kefu/v1/tickets/routing.js';
import testClock from './kefu/v1/clock.js';
import healthz from './healthz.js';
import readyz from './readyz.js';

export async function registerRoutes(app: FastifyInstance, options: { testClock?: boolean } = {}): Promise<void> {
  for (const route of [tenantAccessToken, appAccessToken, listAgentSkills, getAgentSkill, createAgentSkill, patchAgentSkill, deleteAgentSkill, listAgentSkillRules,
    listAgentSchedules, createAgentSchedules, patchAgent, getAgentSchedule, patchAgentSchedule, deleteAgentSchedule, listAgentEmails, listTickets, getTicket, healthz, readyz,
    routingDecisions]) {
    await app.register(route);
  }
  // Only a server whose clock is frozen (--now) can have it moved.
  if (options.testClock) await app.register(testClock);
}
