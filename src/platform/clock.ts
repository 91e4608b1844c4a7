// "Now" for everything time-dependent (token expiry, derived agent status). `--now` freezes it for tests.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };


export type ManualClock = Clock & { advance(ms: number): void; set(ms: number): void };

/** A clock the tests (and POST /kefu/v1/clock on a server started with --now) can move. */
export function manualClock(start: number): ManualClock {
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
