// Answers that are read far more often than they change (a helpdesk's skills, the page a dashboard polls), kept in
// memory beside the database's change stamp and served again while the stamp has not moved. The stamp moves on any
// write by this process and on any commit by another connection to the same SQLite file, so a cached answer is
// never older than the database. On PostgreSQL the stamp is the server's snapshot (src/db/pg-change-stamp.ts), read
// in a round trip that the requests waiting for it share: peek() cannot answer there, get() waits for it.

/** What the cached answers may hold in all, keys counted. */
const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;
/** What an entry costs besides its answer and its key: the map slot, the entry object and the stamp, roughly. */
const ENTRY_OVERHEAD_BYTES = 128;
/**
 * The share of the budget that answers asked for again may fill. The rest is the probation of answers asked for
 * once: a burst of queries that never repeat (a sync paging through history, a moving time range) cycles through
 * it and cannot push out the answers that are asked for again and again.
 */
const MAIN_SHARE = 0.75;

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

/**
 * Admission as in a segmented LRU: a new answer is kept on probation, and moves to the main part only when it is
 * asked for again (served from probation, or loaded again under a new stamp). Eviction takes probation's oldest
 * first; the main part, when over its share, hands its oldest back to probation (a second chance there), so it
 * never holds more than its share and never loses an entry to answers asked for once.
 */
export class ReadCache {
  /** Asked for once, in the order they were kept, oldest first. */
  private readonly probation = new Map<string, Entry>();
  /** Asked for again, in the order they were kept (or given a second chance), oldest first. */
  private readonly main = new Map<string, Entry>();
  private held = 0;
  private mainHeld = 0;
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
    if (!this.main.has(key) && !this.probation.has(key)) return undefined;
    const stamp = this.changeStamp();
    // A stamp still to be read from the database: only get() can wait for it.
    return typeof stamp === 'string' ? this.served(key, stamp) : undefined;
  }

  /** The bytes load() would answer now. */
  async get(key: string, load: () => Promise<Buffer>): Promise<Buffer> {
    if (!this.changeStamp) return load();
    // The stamp is read before loading: a write landing in between files newer data under the older stamp,
    // which the next reader (seeing the new stamp) loads again, never the reverse.
    const stamp = await this.changeStamp();
    const hit = this.served(key, stamp);
    if (hit !== undefined) return hit;
    this.misses++;
    const bytes = await load();
    this.keep(key, { stamp, bytes, used: false, cost: bytes.length + 2 * key.length + ENTRY_OVERHEAD_BYTES });
    return bytes;
  }

  /** The bytes kept under `key` if they were kept under `stamp`, counted as a hit. */
  private served(key: string, stamp: string): Buffer | undefined {
    const entry = this.main.get(key);
    if (entry !== undefined) {
      if (entry.stamp !== stamp) return undefined;
      this.hits++;
      // Marked rather than moved to the back of the map: a hit stays one lookup.
      entry.used = true;
      return entry.bytes;
    }
    const once = this.probation.get(key);
    if (once === undefined || once.stamp !== stamp) return undefined;
    this.hits++;
    this.promote(key, once);
    return once.bytes;
  }

  private keep(key: string, entry: Entry): void {
    // Kept before under an older stamp: this is the key asked for again, so it goes to the main part.
    const again = this.forget(key);
    if (entry.cost > this.budgetBytes / 4) return;
    this.held += entry.cost;
    if (again) this.promote(key, entry);
    else this.probation.set(key, entry);
    this.evict(entry);
  }

  /** Moves a kept entry (counted in `held`, in neither map or in probation) into the main part. */
  private promote(key: string, entry: Entry): void {
    this.probation.delete(key);
    this.main.set(key, entry);
    this.mainHeld += entry.cost;
    // Over its share, the main part hands its oldest back to probation; one served since it was looked at goes to
    // the back instead, once.
    for (const [oldest, candidate] of this.main) {
      if (this.mainHeld <= this.budgetBytes * MAIN_SHARE || candidate === entry) break;
      this.main.delete(oldest);
      if (candidate.used) {
        candidate.used = false;
        this.main.set(oldest, candidate);
      } else {
        this.mainHeld -= candidate.cost;
        this.probation.set(oldest, candidate);
      }
    }
  }

  /** Lets probation's oldest go until what is held fits the budget (never `keep`, just kept). */
  private evict(keep: Entry): void {
    for (const [oldest, candidate] of this.probation) {
      if (this.held <= this.budgetBytes) return;
      if (candidate === keep) continue;
      this.probation.delete(oldest);
      this.held -= candidate.cost;
    }
  }

  /** Drops `key` from whichever part holds it; whether it was held. */
  private forget(key: string): boolean {
    const entry = this.main.get(key) ?? this.probation.get(key);
    if (entry === undefined) return false;
    if (this.main.delete(key)) this.mainHeld -= entry.cost;
    else this.probation.delete(key);
    this.held -= entry.cost;
    return true;
  }

  /** What is held now, keys and overhead counted (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.main.size + this.probation.size, bytes: this.held };
  }
}
