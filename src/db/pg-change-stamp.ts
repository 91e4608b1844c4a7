// PostgreSQL's change stamp for the read cache: the server's current snapshot (`pg_current_snapshot()`: the oldest
// transaction still running, the next transaction id to be given out, and those in between still running).
//
// Why the snapshot and not a version row that every write bumps (docs/architecture.md#the-read-cache):
// - It moves with every commit that can change what a reader sees, by any process and any path (kefu serve, the CLI,
//   a hand-written UPDATE in psql): nothing has to remember to bump it, and no write pays for it.
// - It is exact under MVCC. Two equal snapshots make the same transactions visible; a snapshot taken later sees at
//   least what an earlier one saw. A counter outside MVCC (a sequence, the WAL position) can move before the commit
//   it counts becomes visible, and a reader could then file the old data under the new stamp.
// - A version row would be one hot row locked by every write transaction until its commit, so writers of all
//   processes would queue behind each other's commit.
// Its price: it also moves with writes to other schemas and databases of the same server, each of which empties
// the cache of every process on it.
//
// Reading it is a round trip, so one read serves every request waiting for it. A request joins the first read that
// *starts* after it arrived, never one already under way: a read that started earlier may predate a write that
// another process acknowledged before this request was sent.

/** A round trip that answers the server's current snapshot as text. */
export type SnapshotReader = () => Promise<string>;

export class PgChangeStamp {
  /** The read under way, if any. */
  private running: Promise<string> | undefined;
  /** The read that starts when `running` ends (or in the next turn of the event loop): newcomers join it. */
  private waiting: Promise<string> | undefined;

  constructor(private readonly readSnapshot: SnapshotReader) {}

  /** The stamp as of a moment after this call. */
  current(): Promise<string> {
    if (this.waiting === undefined) {
      this.waiting = this.startAfter(this.running);
      // A caller that only peeks drops the promise: a failed read (the pool closed under it) must not become an
      // unhandled rejection. Callers that await it still get the error.
      this.waiting.catch(() => undefined);
    }
    return this.waiting;
  }

  private async startAfter(previous: Promise<string> | undefined): Promise<string> {
    // The requests of this turn (or those that arrive while the previous read is under way) join this read.
    if (previous) await previous.catch(() => undefined);
    else await new Promise((resolve) => setImmediate(resolve));
    this.waiting = undefined;
    const read = this.readSnapshot();
    this.running = read;
    try {
      return await read;
    } finally {
      if (this.running === read) this.running = undefined;
    }
  }
}
