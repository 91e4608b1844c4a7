// GET /kefu/v1/apps/:app_id/events/:event_id: one of the app's events with every attempt (the console's event page).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appSettingsAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { AppEventPath, DeliveryAnswer } from '../../../../../schemas/events.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/kefu/v1/apps/:app_id/events/:event_id',
    { schema: { params: AppEventPath, response: { 200: DeliveryAnswer } }, config: { access: appSettingsAccess, rateLimitClass: false } },
    async (request) => ok({ event: await app.kefu.events.subscriptions.event(request.caller, request.params.app_id, request.params.event_id) }),
  );
};
export default route;
