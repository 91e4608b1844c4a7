// Uploaded images: bytes and what they are, per tenant.
import type { Insertable, Selectable } from 'kysely';
import type { ImageTable, MessageTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type StoredImage = Selectable<ImageTable>;
export type ImageMessage = Pick<Selectable<MessageTable>, 'ticket_message_id' | 'msg_type' | 'content'>;

export class ImagesRepository {
  constructor(private readonly db: Executor) {}

  async insert(image: Insertable<ImageTable>): Promise<void> {
    await this.db.insertInto('images').values(image).execute();
  }

  /** The image if it belongs to this tenant: another tenant's key reads as unknown. */
  async find(tenant_key: string, image_key: string): Promise<StoredImage | undefined> {
    return this.db.selectFrom('images').selectAll().where('image_key', '=', image_key).where('tenant_key', '=', tenant_key).executeTakeFirst();
  }

  /** A message of a ticket of this helpdesk, by its ticket message id or its message_id (GET ticket_images takes both). */
  async findTicketMessage(helpdesk_id: string, ticket_id: string, msg_id: string): Promise<ImageMessage | undefined> {
    return this.db
      .selectFrom('messages')
      .select(['ticket_message_id', 'msg_type', 'content'])
      .where('helpdesk_id', '=', helpdesk_id)
      .where('ticket_id', '=', ticket_id)
      .where((eb) => eb.or([eb('ticket_message_id', '=', msg_id), eb('message_id', '=', msg_id)]))
      .executeTakeFirst();
  }
}
