// GET /kefu/v1/apps/:app_id/events?status=pending|delivered|failed: the app's delivery log, oldest event first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appSettingsAccess } from '../../../../../platform/access-rules.js';
import { ok } from '../../../../../platform/envelope.js';
import { AppIdPath, DeliveryListAnswer, DeliveryStatusQuery } from '../../../../../schemas/events.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/kefu/v1/apps/:app_id/events',
    { schema: { params: AppIdPath, querystring: DeliveryStatusQuery, response: { 200: DeliveryListAnswer } }, config: { access: appSettingsAccess, rateLimitClass: false } },
    async (request) => ok({ events: await app.kefu.events.subscriptions.list(request.caller, request.params.app_id, request.query.status) }),
  );
};
export default route;
