// PATCH /kefu/v1/helpdesks/:helpdesk_id/settings: absent fields stay; answers the settings after the change.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminWriteAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { HelpdeskIdPath, SettingsAnswer, SettingsPatchBody } from '../../../../../schemas/lifecycle.js';
import { HelpdeskSettingsService } from '../../../../../services/helpdesk-settings-service.js';
import { sameHelpdesk } from './same-helpdesk.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const settings = new HelpdeskSettingsService(app.kefu.store, app.kefu.clock);
  app.patch(
    '/kefu/v1/helpdesks/:helpdesk_id/settings',
    { schema: { params: HelpdeskIdPath, body: SettingsPatchBody, response: { 200: SettingsAnswer } }, config: { access: adminWriteAccess } },
    async (request) => ok(await settings.patch(sameHelpdesk(request.helpdesk, request.params.helpdesk_id), request.body)),
  );
};
export default route;
