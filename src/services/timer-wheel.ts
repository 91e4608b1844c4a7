// Work that falls due with time rather than with a request: a schedule slot starting (queued tickets may find an
// agent), a bot-stage ticket left silent for bot_idle_close_s (the bot closes it, status 50), and the work other
// rooms add (a scheduled notification's send time, docs/notifications.md). Due work is found
// in the database, not kept in memory, so a restart or a second process loses nothing; each piece runs in its own
// transaction and checks again under its locks that it is still due, so two processes firing it do it once.
//
// Real time drives the wheel with a tick every second; a test server's frozen clock drives it through
// POST /kefu/v1/clock, which moves the clock to each piece of work's instant as it runs it.
import { slotStartsBetween } from '../domain/schedule-boundaries.js';
import type { Clock } from '../platform/clock.js';
import type { RoutingService } from './routing-service.js';
import type { Store } from './store.js';

/** More work due with time, from another room (scheduled notifications): found by `due`, done by `perform`. */
export interface TimedWork<T> {
  kind: string;
  due(until: number): Promise<(T & { at: number })[]>;
  perform(item: T, at: number): Promise<void>;
}

type DueWork =
  | { at: number; kind: 'boundary'; helpdesk_id: string }
  | { at: number; kind: 'idle'; ticket_id: string }
  | { at: number; kind: string; source: TimedWork<unknown>; item: unknown };

export const REAL_TIME_TICK_MS = 1000;

export class TimerWheel {
  /** Every piece of work due at or before this instant has run. */
  private ranUntil: number;
  /** Runs take turns: a tick and a clock move never interleave. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sources: TimedWork<unknown>[] = [];

  constructor(
    private readonly store: Store,
    private readonly routing: RoutingService,
    private readonly clock: Clock,
    /** Set for a test clock: moved to each piece of work's instant before it runs, and to `until` at the end. */
    private readonly moveClock?: (ms: number) => void,
  ) {
    this.ranUntil = clock.now();
  }

  add<T>(source: TimedWork<T>): void {
    this.sources.push(source as TimedWork<unknown>);
  }

  /** Runs, in time order, every piece of work due by `until`; answers how many ran. */
  runUntil(until: number): Promise<number> {
    const run = this.tail.then(() => this.run(until));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts over at `at`, an instant earlier than the work that ran (a test server's reset puts the clock and the
   * data back to how they started): work due after it runs again as the clock moves past it.
   */
  rewind(at: number): Promise<void> {
    const run = this.tail.then(() => {
      this.ranUntil = at;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Ticks with real time until the returned function is called. */
  startRealTime(onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      this.runUntil(this.clock.now()).catch(onError);
    }, REAL_TIME_TICK_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async run(until: number): Promise<number> {
    const from = this.ranUntil;
    const work = await this.dueWork(from, until);
    for (const item of work) {
      // Work found late (a setting lowered after its instant passed) runs now, never in the past.
      const at = Math.max(item.at, from);
      this.moveClock?.(at);
      await this.perform(item, at);
    }
    this.ranUntil = Math.max(until, from);
    this.moveClock?.(this.ranUntil);
    return work.length;
  }

  private async dueWork(from: number, until: number): Promise<DueWork[]> {
    const repos = this.store.repos;
    const work: DueWork[] = [];
    for (const t of await repos.routing.openBotTickets()) {
      const at = t.quiet_since + t.bot_idle_close_s * 1000;
      if (at <= until) work.push({ at, kind: 'idle', ticket_id: t.ticket_id });
    }
    for (const h of await repos.routing.schedulesOfQueuedHelpdesks()) {
      for (const at of slotStartsBetween(h.schedules, from, until, h.time_zone)) work.push({ at, kind: 'boundary', helpdesk_id: h.helpdesk_id });
    }
    for (const source of this.sources) {
      for (const item of await source.due(until)) work.push({ at: item.at, kind: source.kind, source, item });
    }
    return work.sort((a, b) => a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }

  private async perform(item: DueWork, at: number): Promise<void> {
    if ('source' in item) {
      await item.source.perform(item.item, at);
      return;
    }
    if (item.kind === 'boundary') {
      await this.store.write((repos) => this.routing.drainQueue(repos, item.helpdesk_id, at));
      return;
    }
    await this.store.write(async (repos) => {
      const ticket = await repos.routing.lockOpenBotTicket(item.ticket_id);
      // Another process closed it, or a message arrived since the work was found: nothing is due any more.
      if (!ticket || ticket.quiet_since + ticket.bot_idle_close_s * 1000 > at) return;
      await this.routing.mover().closeIdleBotTicket(repos, item.ticket_id, at);
    });
  }
}
