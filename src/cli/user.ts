// kefu user password: set a person's sign-in password. It is read from standard input (a prompt without echo at a
// terminal), never from the command line, where other users of the machine and the shell's history would see it.
import { openDatabase } from '../db/connect.js';
import { systemClock } from '../platform/clock.js';
import { SignInService } from '../services/sign-in-service.js';
import { Store } from '../services/store.js';
import { DEFAULT_DB, parseFlags, pick, UsageError } from './options.js';

export const userHelp = `kefu user password --user OPEN_ID [--db TARGET]
                            set that person's sign-in password (at least 8 characters), read from standard input:
                            asked twice without echo at a terminal, else the first line of the input`;

export async function user(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'password') throw new UsageError('kefu user needs an action: kefu user password --user OPEN_ID');
  const flags = parseFlags(rest, { user: { type: 'string' }, db: { type: 'string' } });
  if (!flags.user) throw new UsageError('kefu user password needs --user OPEN_ID');
  const password = process.stdin.isTTY ? await askTwice() : firstLine(await readAll(process.stdin));
  const database = await openDatabase(pick(flags.db, 'KEFU_DB', DEFAULT_DB)!);
  try {
    await new SignInService(new Store(database), systemClock).setPassword(flags.user, password);
    process.stderr.write(`password set for ${flags.user}\n`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    await database.close();
  }
}

async function askTwice(): Promise<string> {
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was changed');
  return first;
}

/** Reads one line at the terminal without echoing it. Ctrl-C stops the command; nothing is changed. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          return resolve(typed);
        }
        if (ch === '\u0003') {
          finish();
          return reject(new UsageError('interrupted; nothing was changed'));
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** The input up to its first line break (a password piped with echo ends with one). */
function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
