// kefu token: mint a user_access_token for one user through one app, and print it.
import { openDatabase } from '../db/connect.js';
import { systemClock } from '../platform/clock.js';
import { AuthService } from '../services/auth-service.js';
import { Store } from '../services/store.js';
import { DEFAULT_DB, parseFlags, parseInteger, pick, UsageError } from './options.js';

export const tokenHelp = `kefu token --user OPEN_ID --app APP_ID [--db TARGET] [--ttl SECONDS]
                            print a new user_access_token (u-...) acting for that user through that app
                            (default lifetime 7200 s, as Feishu's)
kefu token --revoke TOKEN [--db TARGET]
                            revoke any token (t-, a- or u-); every process refuses it within 3 s`;

export async function token(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    user: { type: 'string' },
    app: { type: 'string' },
    db: { type: 'string' },
    ttl: { type: 'string' },
    revoke: { type: 'string' },
  });
  if (!flags.revoke && (!flags.user || !flags.app)) throw new UsageError('kefu token needs --user OPEN_ID and --app APP_ID, or --revoke TOKEN');
  const ttl = parseInteger(flags.ttl ?? '7200', '--ttl', 1, 10 * 365 * 24 * 3600);
  const database = await openDatabase(pick(flags.db, 'KEFU_DB', DEFAULT_DB)!);
  try {
    const auth = new AuthService(new Store(database), systemClock);
    if (flags.revoke) {
      if (!(await auth.revoke(flags.revoke))) throw new UsageError('no such live token');
      process.stdout.write('revoked\n');
      return;
    }
    const minted = await auth.registerUserToken({ app_id: flags.app!, open_id: flags.user!, expires_at: systemClock.now() + ttl * 1000 });
    process.stdout.write(`${minted.token}\n`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    await database.close();
  }
}
