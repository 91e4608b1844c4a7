// kefu login-link: print a single-use sign-in link for a person (docs/sign-in.md).
import { openDatabase } from '../db/connect.js';
import { systemClock } from '../platform/clock.js';
import { SignInService } from '../services/sign-in-service.js';
import { Store } from '../services/store.js';
import { DEFAULT_DB, parseFlags, pick, UsageError } from './options.js';

export const loginLinkHelp = `kefu login-link --user OPEN_ID [--next PATH] [--base-url URL] [--db TARGET]
                            print a sign-in link for that person: it works once, within 15 minutes, and sends the
                            browser to PATH (default /console) signed in. --base-url (KEFU_BASE_URL) is the server's
                            address as a browser reaches it (default http://HOST:PORT from the environment,
                            else http://127.0.0.1:8080)`;

export async function loginLink(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    user: { type: 'string' },
    next: { type: 'string' },
    'base-url': { type: 'string' },
    db: { type: 'string' },
  });
  if (!flags.user) throw new UsageError('kefu login-link needs --user OPEN_ID');
  const baseUrl = pick(flags['base-url'], 'KEFU_BASE_URL', `http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || '8080'}`)!;
  if (!/^https?:\/\/[^/]/.test(baseUrl)) throw new UsageError(`--base-url must be an http or https URL (got ${JSON.stringify(baseUrl)})`);
  const database = await openDatabase(pick(flags.db, 'KEFU_DB', DEFAULT_DB)!);
  try {
    const link = await new SignInService(new Store(database), systemClock).createLoginLink({ open_id: flags.user, next: flags.next, baseUrl });
    process.stdout.write(`${link.url}\n`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    await database.close();
  }
}
