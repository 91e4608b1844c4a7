// GET | PUT /kefu/v1/apps/:app_id/event_subscription: the app's event subscription (Feishu's developer console).
// PUT replaces it whole; a new request URL, key or token is verified with the url_verification challenge first.
// The app's OIDC redirect_uris travel beside it (docs/sign-in.md): PUT replaces them when it names them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appSettingsAccess } from '../../../../platform/access-rules.js';
import { ok } from '../../../../platform/envelope.js';
import { AppIdPath, EventSubscriptionAnswer, EventSubscriptionBody } from '../../../../schemas/events.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const config = { access: appSettingsAccess, rateLimitClass: false as const };
  app.get(
    '/kefu/v1/apps/:app_id/event_subscription',
    { schema: { params: AppIdPath, response: { 200: EventSubscriptionAnswer } }, config },
    async (request) => ok(await app.kefu.events.subscriptions.get(request.caller, request.params.app_id)),
  );
  app.put(
    '/kefu/v1/apps/:app_id/event_subscription',
    { schema: { params: AppIdPath, body: EventSubscriptionBody, response: { 200: EventSubscriptionAnswer } }, config },
    async (request) => ok(await app.kefu.events.subscriptions.put(request.caller, request.params.app_id, request.body)),
  );
};
export default route;
