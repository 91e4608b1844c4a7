// One writer of the events benchmark, on a thread of its own with its own connection to the database: it commits its
// share of the events (write-share.ts) and tells the dispatcher's thread after each commit (a server's commit pokes
// its dispatcher the same way, through Store.onDeliveriesQueued, only without the hop between threads).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/connect.js';
import { Store } from '../../src/services/store.js';
import { threadCpuMs } from './threads.js';
import { writeShare, type Share } from './write-share.js';

export interface WriterSettings extends Share {
  database: string;
  pgSchema?: string;
}

/** A commit the dispatcher's thread is told of: the event's number and when its transaction returned (wallNow). */
export interface Committed {
  n: number;
  at: number;
}

/** The writer's last word: the CPU time its thread spent writing. */
export interface WriterDone {
  cpuMs: number;
}

const s = (workerData as { settings: WriterSettings }).settings;
// On SQLite, the dispatcher's connection copies the log into the file on a thread of its own, as kefu serve's does;
// a writer's commits do it themselves past SQLite's 1,000 pages (several checkpointing threads only fight).
const database = await openPatiently();
const store = new Store(database);
// Every writer starts at once, when told: wallNow() at which event 0 is due; event n falls due n / rate s later.
parentPort!.postMessage('ready');
const startAt = await new Promise<number>((resolve) => parentPort!.once('message', resolve));
const cpuBefore = threadCpuMs();
await writeShare(store, s, startAt, (n, at) => parentPort!.postMessage({ n, at } satisfies Committed));
parentPort!.postMessage({ cpuMs: threadCpuMs() - cpuBefore } satisfies WriterDone);
await database.close();

/**
 * openDatabase sets SQLite's journal mode before its busy timeout, so a connection opened while another one
 * checkpoints fails at once with SQLITE_BUSY instead of waiting: try again a few times.
 */
async function openPatiently() {
  for (let tries = 1; ; tries++) {
    try {
      return await openDatabase(s.database, { pgSchema: s.pgSchema });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || tries === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
