// GET /open-apis/helpdesk/v1/ticket_images (feishu-surface.md §5): the bytes of an image in a ticket message, with
// Content-Type and Content-Disposition. Every refusal is the JSON envelope with a non-2xx status: the Go SDK takes
// any 200 as the file, and the Node SDK hands any 2xx to the caller as one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { ImagesService } from '../../../../../services/images-service.js';

const TicketImageQuery = Type.Object({
  ticket_id: Type.String({ minLength: 1, maxLength: 64 }),
  /** The ticket message id or the message's message_id (om_...). */
  msg_id: Type.String({ minLength: 1, maxLength: 64 }),
  /** 0-based; needed for post messages only. */
  index: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

const route: FastifyPluginAsyncTypebox = async (app) => {
  const images = new ImagesService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/ticket_images',
    { schema: { querystring: TicketImageQuery }, config: { access: readAccess } },
    async (request, reply) => {
      const image = await images.ticketImage(request.helpdesk, request.query);
      return reply.type(image.content_type).header('Content-Disposition', `attachment; filename="${image.filename}"`).send(image.bytes);
    },
  );
};
export default route;
