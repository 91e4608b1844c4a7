// Answers that are read far more often than they change (a helpdesk's skills, the page a dashboard polls), kept in
// memory beside the database's change stamp and served again while the stamp has not moved. The stamp moves on any
// write by this process and on any commit by another connection to the same SQLite file, so a cached answer is
// never older than the database. On PostgreSQL the stamp is the server's snapshot (src/db/pg-change-stamp.ts), read
// in a round trip that the requests waiting for it share: peek() cannot answer there, get() waits for it.

/** What the cached answers may hold in all; the least recently used go first (roughly: a second chance each). */
const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;
/** What an entry costs besides its answer and its key: the map slot, the entry object and the stamp, roughly. */
const ENTRY_OVERHEAD_BYTES = 128;

interface Entry {
  stamp: string;
  bytes: Buffer;
  /** What it counts against the budget: the answer, the key (two bytes a character in memory) and the overhead. */
  cost: number;
  /** Served since the last eviction pass looked at it: it gets a second chance. */
  used: boolean;
}

/**
 * Moves whenever the data may have changed. A string at once (SQLite), or a promise of the stamp as of a moment after
 * the call (PostgreSQL).
 */
export type ChangeStamp = () => string | Promise<string>;

export class ReadCache {
  /** In the order they were kept (or given a second chance), oldest first. */
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  /**
   * Answers served from memory and answers that had to be loaded, since start (the metrics read them at scrape
   * time). A pass-through cache (no stamp) counts neither.
   */
  hits = 0;
  misses = 0;

  constructor(
    private readonly changeStamp: ChangeStamp | undefined,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {}

  /** The bytes kept under `key` if they are known to be current now; undefined otherwise (then call get()). */
  peek(key: string): Buffer | undefined {
    if (!this.changeStamp) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const stamp = this.changeStamp();
    // A stamp still to be read from the database: only get() can wait for it.
    return typeof stamp === 'string' ? this.served(entry, stamp) : undefined;
  }

  /** The bytes load() would answer now. */
  async get(key: string, load: () => Promise<Buffer>): Promise<Buffer> {
    if (!this.changeStamp) return load();
    // The stamp is read before loading: a write landing in between files newer data under the older stamp,
    // which the next reader (seeing the new stamp) loads again, never the reverse.
    const stamp = await this.changeStamp();
    const entry = this.entries.get(key);
    const hit = entry && this.served(entry, stamp);
    if (hit !== undefined) return hit;
    this.misses++;
    const bytes = await load();
    this.keep(key, { stamp, bytes, used: false, cost: bytes.length + 2 * key.length + ENTRY_OVERHEAD_BYTES });
    return bytes;
  }

  private served(entry: Entry, stamp: string): Buffer | undefined {
    if (entry.stamp !== stamp) return undefined;
    this.hits++;
    // Marked rather than moved to the back of the map: a hit stays one lookup.
    entry.used = true;
    return entry.bytes;
  }

  private keep(key: string, entry: Entry): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.held -= previous.cost;
    }
    if (entry.cost > this.budgetBytes / 4) return;
    this.entries.set(key, entry);
    this.held += entry.cost;
    // Oldest first; one served since it was last looked at goes to the back instead, once.
    for (const [oldest, candidate] of this.entries) {
      if (this.held <= this.budgetBytes) break;
      this.entries.delete(oldest);
      if (candidate.used && candidate !== entry) {
        candidate.used = false;
        this.entries.set(oldest, candidate);
      } else {
        this.held -= candidate.cost;
      }
    }
  }

  /** What is held now, keys and overhead counted (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.held };
  }
}
