// POST /kefu/v1/images (Kefu's own, lifecycle.md): a guest or an agent uploads an image as the multipart field
// `image` and gets its image_key. At most 10 MiB, its own limit beside the 1 MiB of every other body.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { userUploadAccess } from '../../../../platform/access-rules.js';
import { Envelope, ok } from '../../../../platform/envelope.js';
import { ApiError, badField, errors } from '../../../../platform/errors.js';
import { ImagesService, MAX_IMAGE_BYTES } from '../../../../services/images-service.js';

const UploadImageAnswer = Envelope(Type.Object({ image_key: Type.String() }));
/** Room for the multipart framing around the file (boundaries, part headers, a few small fields). */
const FRAMING_BYTES = 64 * 1024;

const route: FastifyPluginAsyncTypebox = async (app) => {
  const images = new ImagesService(app.kefu.store, app.kefu.clock);
  await app.register(multipart, { limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 1024, headerPairs: 100 } });
  app.post(
    '/kefu/v1/images',
    { schema: { response: { 200: UploadImageAnswer } }, config: { access: userUploadAccess } },
    async (request) => ok({ image_key: await images.upload(request.caller, await readImage(request)) }),
  );
};

/** The bytes of the `image` part, or the refusal that says what is wrong with the request. */
async function readImage(request: FastifyRequest): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_IMAGE_BYTES + FRAMING_BYTES) throw tooLarge();
  if (!request.isMultipart()) throw badField('Content-Type', 'must be multipart/form-data with the image in the field `image`', request.headers['content-type']);
  try {
    const part = await request.file();
    if (!part) throw badField('image', 'the multipart body has no file part');
    if (part.fieldname !== 'image') {
      part.file.resume();
      throw badField('image', `the file must be sent in the field \`image\`, not \`${part.fieldname}\``);
    }
    const bytes = await part.toBuffer();
    // busboy marks a file cut at the limit; the plugin misses the mark when the cut falls in the last chunk.
    if (part.file.truncated) throw tooLarge();
    return bytes;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if ((error as { statusCode?: number }).statusCode === 413) throw tooLarge();
    throw badField('body', `is not a readable multipart body (${(error as Error).message})`);
  }
}

function tooLarge(): ApiError {
  return new ApiError(errors.payloadTooLarge, { detail: `an image is at most ${MAX_IMAGE_BYTES} bytes (10 MiB)` });
}
export default route;
