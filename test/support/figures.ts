// The figures a reliability test prints when it ends, one line each, so docs/reliability.md can quote a run.
export class Figures {
  private readonly counts = new Map<string, number>();

  constructor(private readonly title: string) {}

  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  print(): void {
    const parts = [...this.counts].map(([name, n]) => `${name}=${n}`);
    console.log(`[reliability] ${this.title}: ${parts.join(' ')}`);
  }
}

/** How many fuzz cases to run: the given default, scaled by KEFU_FUZZ_SCALE (e.g. 10 for a long local run). */
export function fuzzRuns(defaultRuns: number): number {
  const scale = Number(process.env.KEFU_FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(defaultRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** fast-check's seed: KEFU_FUZZ_SEED replays a failing run; otherwise a fresh one each run (printed on failure). */
export function fuzzSeed(): number | undefined {
  const seed = process.env.KEFU_FUZZ_SEED;
  return seed === undefined ? undefined : Number(seed);
}
