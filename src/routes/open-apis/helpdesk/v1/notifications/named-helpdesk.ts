// preview and submit_approve may come without the helpdesk header (Feishu's pages ask none, and the SDK adds it only
// when asked): then the notification names its helpdesk, and the role is checked there.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkRole } from '../../../../../platform/access.js';
import { adminWriteOptionalHelpdesk } from '../../../../../platform/access-rules.js';
import type { Helpdesk } from '../../../../../repositories/helpdesks-repository.js';

export async function helpdeskOfRequest(app: FastifyInstance, request: FastifyRequest, notification_id: string): Promise<Helpdesk> {
  if (request.helpdesk) return request.helpdesk;
  const helpdesk = await app.kefu.notifications.helpdeskOf(request.caller.tenant_key, notification_id);
  checkRole(adminWriteOptionalHelpdesk, helpdesk, request.caller);
  return helpdesk;
}
