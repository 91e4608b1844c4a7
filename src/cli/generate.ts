// kefu generate: add N realistic tickets to a helpdesk, guests from its tenant's users, agents from its agents.
import { openDatabase } from '../db/connect.js';
import { toNewTicket } from '../fixtures/load-fixture.js';
import { generateTickets } from '../fixtures/ticket-generator.js';
import { SqliteTicketLoader } from '../repositories/sqlite-ticket-loader.js';
import type { NewTicket } from '../repositories/tickets-repository.js';
import { Store } from '../services/store.js';
import { chooseHelpdesk, Progress } from './progress.js';
import { DEFAULT_DB, parseFlags, parseInstant, parseInteger, pick, UsageError } from './options.js';

export const generateHelp = `kefu generate --tickets N [options]
                            add N realistic tickets to a helpdesk: a year of history, guests from the
                            helpdesk tenant's users, agents from its agents

  --db TARGET         SQLite file or postgres://...  (KEFU_DB, default ${DEFAULT_DB})
  --tickets N         how many tickets to add
  --helpdesk ID       the helpdesk                   (default: the only one in the database)
  --seed S            0 to 99999999; the same seed and --until give the same tickets (default 1)
  --until ISO-8601    the year of tickets ends here  (default: today 00:00 UTC)`;

/**
 * Tickets per batch, each one transaction; the progress bar moves once a batch. On SQLite a batch holds the file's
 * write lock, which a server on the same file waits for at most 5 s: 10,000 tickets hold it about half a second.
 */
const BATCH = { sqlite: 10_000, postgres: 100_000 };
const MAX_SEED = 99_999_999;

export async function generate(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    db: { type: 'string' },
    tickets: { type: 'string' },
    helpdesk: { type: 'string' },
    seed: { type: 'string' },
    until: { type: 'string' },
  });
  if (flags.tickets === undefined) throw new UsageError('kefu generate needs --tickets N');
  const count = parseInteger(flags.tickets, '--tickets', 1, 100_000_000);
  const seed = parseInteger(flags.seed ?? '1', '--seed', 0, MAX_SEED);
  const until = flags.until === undefined ? startOfUtcDay(Date.now()) : parseInstant(flags.until, '--until');

  const database = await openDatabase(pick(flags.db, 'KEFU_DB', DEFAULT_DB)!);
  try {
    const store = new Store(database);
    const helpdesk = await chooseHelpdesk(store, flags.helpdesk);
    const guests = await store.repos.tickets.guestCandidates(helpdesk.helpdesk_id, helpdesk.tenant_key);
    if (guests.length === 0) throw new UsageError(`helpdesk ${helpdesk.helpdesk_id}: its tenant has no users besides its agents to be guests`);
    const agents = (await store.repos.agents.listByHelpdesk(helpdesk.helpdesk_id)).map((a) => a.open_id);

    // Ids are 19 digits, from a block of ten billion per seed, so two seeds never collide.
    const firstNumber = 7_100_000_000_000_000_000n + BigInt(seed) * 10_000_000_000n;
    if ((await store.repos.tickets.countIdsBetween(firstNumber.toString(), (firstNumber + BigInt(count - 1)).toString())) > 0) {
      throw new UsageError(`tickets of seed ${seed} are already in the database: pass another --seed`);
    }

    const profiles = new Map(guests.map((g) => [g.open_id, g]));
    const tickets = generateTickets({ seed, count, guests: guests.map((g) => g.open_id), agents, until, firstNumber });
    const progress = new Progress(count, process.stderr.isTTY === true, 'tickets');
    const load = loader(store, helpdesk.helpdesk_id, guests.map((g) => g.open_id));
    const batchSize = BATCH[store.dialect];
    try {
      let batch: NewTicket[] = [];
      for (const ticket of tickets) {
        batch.push(toNewTicket(helpdesk.helpdesk_id, ticket, profiles));
        if (batch.length === batchSize) {
          await load.insert(batch);
          progress.advance(batch.length);
          batch = [];
        }
      }
      if (batch.length > 0) await load.insert(batch);
      progress.advance(batch.length);
    } finally {
      load.close();
    }
    await store.repos.tickets.refreshStatistics();
    progress.done();
    const seconds = progress.elapsedSeconds();
    process.stdout.write(
      `kefu generate: added ${count.toLocaleString('en-US')} tickets to helpdesk ${helpdesk.helpdesk_id} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(count / seconds).toLocaleString('en-US')} tickets/s; --seed ${seed} --until ${new Date(until).toISOString()})\n`,
    );
  } finally {
    await database.close();
  }
}

interface Loader {
  /** Writes a batch in one transaction: an interrupted load keeps the batches written before. */
  insert(batch: NewTicket[]): Promise<unknown>;
  /** Releases the connection. */
  close(): void;
}

/** SQLite: prepared statements on a connection of their own; PostgreSQL: the repository. */
function loader(store: Store, helpdesk_id: string, guest_ids: readonly string[]): Loader {
  if (store.dialect === 'sqlite') {
    const sqlite = new SqliteTicketLoader(store.database.location);
    return { insert: (batch) => sqlite.writeChunk(helpdesk_id, guest_ids, batch), close: () => sqlite.close() };
  }
  return { insert: (batch) => store.write((repos) => repos.tickets.insertMany(batch)), close: () => undefined };
}

function startOfUtcDay(ms: number): number {
  return ms - (ms % 86_400_000);
}
