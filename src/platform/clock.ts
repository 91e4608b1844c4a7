// "Now" for everything time-dependent (token expiry, derived agent status). `--now` freezes it for tests.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function frozenClock(at: number): Clock {
  return { now: () => at };
}
