// GET /open-apis/helpdesk/v1/faqs/:id/image/:image_key (§2.7): the bytes of an image the FAQ's rich-text answer
// shows, with Content-Type and Content-Disposition. Every refusal is the JSON envelope with a non-2xx status, as for
// GET ticket_images: the SDKs take any 2xx as the file.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAccess } from '../../../../../platform/access-rules.js';
import { FaqImageParams } from '../../../../../schemas/knowledge-base.js';
import { KnowledgeBaseService } from '../../../../../services/knowledge-base-service.js';

const route: FastifyPluginAsyncTypebox = async (app) => {
  const kb = new KnowledgeBaseService(app.kefu.store, app.kefu.clock);
  app.get(
    '/open-apis/helpdesk/v1/faqs/:id/image/:image_key',
    { schema: { params: FaqImageParams }, config: { access: readAccess } },
    async (request, reply) => {
      const image = await kb.faqImage(request.helpdesk, request.params.id, request.params.image_key);
      return reply.type(image.content_type).header('Content-Disposition', `attachment; filename="${image.filename}"`).send(image.bytes);
    },
  );
};
export default route;
