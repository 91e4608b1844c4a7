// When a failed attempt is tried again (feishu-events.md §1.6): 15 s, 5 min, 1 h and 6 h after the previous one,
// then the event is failed. Pure.
export const FEISHU_RETRY_DELAYS_MS: readonly number[] = [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

/** After the `attempts`-th attempt failed at `at`: when the next runs, or undefined when none is left. */
export function nextAttemptAt(attempts: number, at: number, delays: readonly number[] = FEISHU_RETRY_DELAYS_MS): number | undefined {
  const delay = delays[attempts - 1];
  return delay === undefined ? undefined : at + delay;
}
