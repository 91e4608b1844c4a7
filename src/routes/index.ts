// The Feishu API route tree: the folder path of each module is its URL path under /open-apis.
import type { FastifyInstance } from 'fastify';
import appAccessToken from './open-apis/auth/v3/app-access-token/internal.js';
import tenantAccessToken from './open-apis/auth/v3/tenant-access-token/internal.js';
import listAgentSkills from './open-apis/helpdesk/v1/agent-skills/list.js';
import healthz from './healthz.js';
import readyz from './readyz.js';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const route of [tenantAccessToken, appAccessToken, listAgentSkills, healthz, readyz]) {
    await app.register(route);
  }
}
