// POST /open-apis/helpdesk/v1/events/subscribe and /events/unsubscribe: the helpdesk's ticket events, as
// {type, subtype} pairs, for the calling app (lifecycle.md "Events"; an unknown pair is 400/154000; doing either
// twice changes nothing).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eventSubscribeAccess } from '../../../../../platform/access-rules.js';
import { EmptyEnvelope, ok } from '../../../../../platform/envelope.js';
import { EventPairsBody } from '../../../../../schemas/events.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  for (const verb of ['subscribe', 'unsubscribe'] as const) {
    app.post(
      `/open-apis/helpdesk/v1/events/${verb}`,
      { schema: { body: EventPairsBody, response: { 200: EmptyEnvelope } }, config: { access: eventSubscribeAccess } },
      async (request) => {
        await app.kefu.events.subscriptions.setHelpdeskEvents(request.caller, request.helpdesk.helpdesk_id, request.body.events, verb === 'subscribe');
        return ok({});
      },
    );
  }
};
export default route;
