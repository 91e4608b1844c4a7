// A second Kefu on the same database, as a real second process (`kefu serve`): its own SQLite connection or
// PostgreSQL pool, its own write queue and read cache. Only the database's own locks keep two servers' concurrent
// writes apart, as they must in a deployment.
import { serveKefu } from './child.js';
import type { RunningKefu } from './kefu.js';

export interface SecondProcess {
  baseUrl: string;
  /** Stops the process (SIGTERM) and resolves with its exit code. */
  close(): Promise<number | null>;
}

export async function secondProcess(kefu: RunningKefu): Promise<SecondProcess> {
  // Rate limits off, as on the in-process server: the tests send hundreds of writes at once.
  const child = await serveKefu(['--db', kefu.db.url, '--rate-limit', 'off', '--log-level', 'warn']);
  return { baseUrl: child.baseUrl, close: () => child.stop() };
}
