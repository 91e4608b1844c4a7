// GET /kefu/v1/helpdesks/:helpdesk_id/settings (an admin or the owner, with the helpdesk header).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminReadAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { HelpdeskIdPath, SettingsAnswer } from '../../../../../schemas/lifecycle.js';
import { HelpdeskSettingsService } from '../../../../../services/helpdesk-settings-service.js';
import { sameHelpdesk } from './same-helpdesk.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const settings = new HelpdeskSettingsService(app.kefu.store, app.kefu.clock);
  app.get(
    '/kefu/v1/helpdesks/:helpdesk_id/settings',
    { schema: { params: HelpdeskIdPath, response: { 200: SettingsAnswer } }, config: { access: adminReadAccess } },
    async (request) => ok(await settings.get(sameHelpdesk(request.helpdesk, request.params.helpdesk_id))),
  );
};
export default route;
