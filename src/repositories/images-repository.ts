// Uploaded images: bytes and what they are, per tenant.
import type { Insertable, Selectable } from 'kysely';
import type { ImageTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export type StoredImage = Selectable<ImageTable>;

export class ImagesRepository {
  constructor(private readonly db: Executor) {}

  async insert(image: Insertable<ImageTable>): Promise<void> {
    await this.db.insertInto('images').values(image).execute();
  }

  /** The image if it belongs to this tenant: another tenant's key reads as unknown. */
  async find(tenant_key: string, image_key: string): Promise<StoredImage | undefined> {
    return this.db.selectFrom('images').selectAll().where('image_key', '=', image_key).where('tenant_key', '=', tenant_key).executeTakeFirst();
  }
}
