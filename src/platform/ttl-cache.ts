// A small in-process cache with a time to live. It lets the hot path skip the database for tokens and helpdesks
// while bounding how long a revocation or a change made by another process can go unnoticed (the TTL).

/** A cached value and the instant (performance.now()) until which it may be used. */
export interface TtlEntry<V> {
  readonly value: V;
  readonly until: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, TtlEntry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    return this.entry(key)?.value;
  }

  /** The live entry under key, with its deadline. */
  entry(key: string): TtlEntry<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Wall-clock time, not the frozen API clock: the TTL is about staleness, not about the API's notion of now.
    if (entry.until < performance.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Keeps value until `until`: by default the TTL from now. A value read from the database passes the TTL from
   * the moment the read began, so its age counts the read too.
   */
  set(key: string, value: V, until = performance.now() + this.ttlMs): TtlEntry<V> {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const entry = { value, until };
    this.entries.set(key, entry);
    return entry;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
