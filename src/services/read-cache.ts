// Answers that are read far more often than they change (a helpdesk's skills), kept in memory beside the database's
// change stamp and served again while the stamp has not moved. The stamp moves on any write by this process and on
// any commit by another connection to the same SQLite file, so a cached answer is never older than the database.
// PostgreSQL offers no stamp that other processes' writes move cheaply; there every read goes to the database.
const MAX_ENTRIES = 10_000;

interface Entry {
  stamp: string;
  value: unknown;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly changeStamp: (() => string) | undefined) {}

  /** The value load() would answer now. Callers share it: they must not change it. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.changeStamp) return load();
    // The stamp is read before loading: a write landing in between files newer data under the older stamp,
    // which the next reader (seeing the new stamp) loads again, never the reverse.
    const stamp = this.changeStamp();
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.stamp === stamp) return entry.value as T;
    const value = await load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { stamp, value });
    return value;
  }
}
