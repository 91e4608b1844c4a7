// POST /kefu/v1/apps/:app_id/events/:event_id/redeliver: the event is attempted again at once, its retries anew.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appSettingsAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { AppEventPath, DeliveryAnswer } from '../../../../../schemas/events.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kefu/v1/apps/:app_id/events/:event_id/redeliver',
    { schema: { params: AppEventPath, response: { 200: DeliveryAnswer } }, config: { access: appSettingsAccess, rateLimitClass: false } },
    async (request) => ok({ event: await app.kefu.events.subscriptions.redeliver(request.caller, request.params.app_id, request.params.event_id) }),
  );
};
export default route;
