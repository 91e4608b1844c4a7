// "Now" for everything time-dependent (token expiry, derived agent status). `--now` freezes it for tests.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function frozenClock(at: number): Clock {
  return { now: () => at };
}

/** A clock the tests can move. */
export function manualClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
