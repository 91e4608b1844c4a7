// A second Kefu on the same database, as a second process would be: the in-process write queue is not shared, so
// only the database's own locks keep two servers' concurrent writes apart.
import { buildApp } from '../../../../../src/app.js';
import type { RunningKefu } from '../../../../support/kefu.js';

export async function secondServer(kefu: RunningKefu): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const app = await buildApp({ database: kefu.db.database, clock: kefu.clock });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  // Closing the app must not close the database the first server still uses.
  return { baseUrl, close: () => app.close() };
}
