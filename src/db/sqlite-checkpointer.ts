// Copies SQLite's write-ahead log into the database file on a worker thread of its own, so that no request waits
// for it. SQLite does this work itself (an "auto-checkpoint") inside the commit that takes the log past 1,000 pages:
// that commit copies 8 MB and waits for two fsyncs while the event loop stands still, 15 to 40 ms once in every
// twenty-odd ticket writes (docs/benchmarks.md, whole ticket lives). The worker opens its own connection to the
// file and runs a PASSIVE checkpoint, which never blocks the writer, a short while after writes happen.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How long the worker gathers commits before copying them: at most two checkpoints (and fsync pairs) a second. Each
 * completed checkpoint makes the next commit start the log over, which syncs the log's header on the writer's thread
 * (SQLite does so at synchronous = NORMAL), and a page written by many commits is copied once per checkpoint. 500 ms
 * against 100 ms, paired (docs/benchmarks.md, whole ticket lives): 3 to 4 % less CPU per request.
 */
const GATHER_MS = 500;
/** Log pages (8 KiB) past which the worker makes the log start over: SQLite's own default checkpoints at 1,000. */
const RESTART_FRAMES = 2000;

// A script, not a module file: the worker runs the same way from the TypeScript sources (tsx) and from dist/.
const WORKER = `
const { workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const signal = new Int32Array(workerData.signal);
const sleep = new Int32Array(new SharedArrayBuffer(4));
let seen = 0;
for (;;) {
  // Sleeps until the connection writes (or is closing: the flag in slot 1).
  Atomics.wait(signal, 0, seen);
  if (Atomics.load(signal, 1) === 1) break;
  Atomics.wait(sleep, 0, 0, workerData.gatherMs);
  seen = Atomics.load(signal, 0);
  if (Atomics.load(signal, 1) === 1) break;
  try {
    // A passive checkpoint never catches up with a writer that goes on writing, and the log only starts over
    // once one has: past restartFrames, the rest is copied while the writer waits (a few pages, not the log).
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // The next write wakes the worker to try again.
  }
}
db.close();
`;

export class SqliteCheckpointer {
  /** Slot 0 counts writes (the worker sleeps on it), slot 1 asks the worker to stop. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  private stopped = false;
  private exited = false;

  /** `onFailure` is told when the worker is gone, so that the connection checkpoints for itself again. */
  constructor(file: string, onFailure: (reason: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver, signal: this.signal.buffer, gatherMs: GATHER_MS, restartFrames: RESTART_FRAMES } });
    this.worker.on('error', (e) => !this.stopped && onFailure(e.message));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.stopped) onFailure(`the checkpoint worker exited with ${code}`);
    });
    this.worker.unref();
  }

  /** The connection wrote: the worker checkpoints a little later. Cheap enough for every write statement. */
  wrote(): void {
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  /** Stops the worker and closes its connection (before the main connection closes: the last one out checkpoints). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.exited) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // Unreferenced so that it never keeps a process alive, it must count while being waited for.
    this.worker.ref();
    Atomics.store(this.signal, 1, 1);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
    await exited;
  }
}
