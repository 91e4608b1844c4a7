// Images: a guest's or an agent's upload (Kefu's POST /kefu/v1/images) and the bytes of a ticket message's image
// (Feishu's GET ticket_images). Bytes live in the database, so every process serving it answers every key.
import { randomUUID } from 'node:crypto';
import { extensionOf, imageKeysIn, imageKeysOf, sniffImageType } from '../domain/images.js';
import type { Clock } from '../platform/clock.js';
import { ApiError, badField, errors } from '../platform/errors.js';
import type { Caller } from '../platform/credentials.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Repositories } from '../repositories/index.js';
import type { Store } from './store.js';

/** The largest image Kefu keeps: 10 MiB, lifecycle.md. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface ImageFile {
  bytes: Buffer;
  content_type: string;
  filename: string;
}

export class ImagesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Keeps an image for the caller's tenant and answers its key; anything but PNG, JPEG, GIF or WebP is refused. */
  async upload(caller: Caller, bytes: Buffer): Promise<string> {
    if (bytes.length === 0) throw badField('image', 'the file is empty');
    const type = sniffImageType(bytes);
    if (!type) throw badField('image', 'is not a PNG, JPEG, GIF or WebP image (recognised by its content)');
    const image_key = `img_v3_${randomUUID()}`;
    await this.store.write((repos) =>
      repos.images.insert({
        image_key,
        tenant_key: caller.tenant_key,
        uploaded_by: caller.open_id ?? '',
        content_type: type.content_type,
        size: bytes.length,
        bytes,
        created_at: this.clock.now(),
      }),
    );
    return image_key;
  }

  /**
   * GET ticket_images: the index-th image of a message of a ticket of this helpdesk. An unknown ticket or message is
   * 404/154004; an index that a post needs and lacks, or that is out of range, 400/154000; a key whose image is not
   * (or no longer) there, Feishu's 401/154404.
   */
  async ticketImage(helpdesk: Helpdesk, query: { ticket_id: string; msg_id: string; index?: number }): Promise<ImageFile> {
    const repos = this.store.repos;
    const message = await repos.images.findTicketMessage(helpdesk.helpdesk_id, query.ticket_id, query.msg_id);
    if (!message) throw new ApiError(errors.resourceNotFound, { detail: `ticket ${query.ticket_id} has no message ${query.msg_id}` });
    const keys = imageKeysOf(message.msg_type, message.content);
    if (keys.length === 0) throw badField('msg_id', `message ${query.msg_id} holds no image`, query.msg_id);
    const index = query.index ?? (message.msg_type === 'post' ? undefined : 0);
    if (index === undefined) throw badField('index', 'a post message needs the index of its image (0-based)');
    if (index >= keys.length) throw badField('index', `the message holds ${keys.length} image(s)`, index);
    const image = await repos.images.find(helpdesk.tenant_key, keys[index]);
    if (!image) throw new ApiError(errors.imageDeleted);
    return { bytes: Buffer.from(image.bytes), content_type: image.content_type, filename: `${image.image_key}.${extensionOf(image.content_type)}` };
  }
}

/**
 * A message may name only images uploaded to its tenant (POST /kefu/v1/images): otherwise 400/154000 naming
 * `content`, so that every image a ticket message shows is one GET ticket_images can answer.
 */
export async function assertImagesKept(repos: Repositories, tenant_key: string, msg_type: string, content: unknown): Promise<void> {
  for (const key of imageKeysIn(msg_type, content)) {
    if (!(await repos.images.find(tenant_key, key))) throw badField('content', `image_key ${key} is not an image uploaded through POST /kefu/v1/images`, key);
  }
}
