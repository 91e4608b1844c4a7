// App secrets and helpdesk tokens are only ever compared, so only their sha256 is kept, as for access tokens since
// 0001: a copy of the database or a backup no longer holds them. Existing rows are converted in place. The digest
// is computed here, not by the application's own functions, so this step stays what it was.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('apps').renameColumn('app_secret', 'app_secret_hash').execute();
  await db.schema.alterTable('helpdesks').renameColumn('helpdesk_token', 'helpdesk_token_hash').execute();
  for (const app of await db.selectFrom('apps').select(['app_id', 'app_secret_hash']).execute()) {
    await db.updateTable('apps').set({ app_secret_hash: sha256(app.app_secret_hash) }).where('app_id', '=', app.app_id).execute();
  }
  for (const helpdesk of await db.selectFrom('helpdesks').select(['helpdesk_id', 'helpdesk_token_hash']).execute()) {
    await db
      .updateTable('helpdesks')
      .set({ helpdesk_token_hash: sha256(helpdesk.helpdesk_token_hash) })
      .where('helpdesk_id', '=', helpdesk.helpdesk_id)
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('secret digests cannot be turned back into secrets');
}
