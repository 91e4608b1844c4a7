// A clock the tests move by hand: token expiry, derived agent status and rate-limit windows without waiting. It is
// the clock `kefu serve --now` runs on, so the tests share its definition.
export { manualClock } from '../../src/platform/clock.js';
