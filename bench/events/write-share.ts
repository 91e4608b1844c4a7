// A writer's share of the events benchmark: events n with n % writers === index, each committed at its due time in
// its own transaction through addEvent, as a ticket change commits it. Used on a writer thread and, with
// `--writers 0`, in the dispatcher's own thread (one process doing everything, as one kefu serve does).
import { addEvent } from '../../src/events/outbox.js';
import type { Store } from '../../src/services/store.js';
import { wallNow } from './threads.js';

export interface Share {
  index: number;
  writers: number;
  total: number;
  rate: number;
  tickets: number;
  helpdesk_id: string;
  event_type: string;
}

/** Writes the share from `startAt` (wallNow() at which event 0 is due; event n falls due n / rate s later). */
export async function writeShare(store: Store, s: Share, startAt: number, committed: (n: number, at: number) => void): Promise<void> {
  let n = s.index;
  while (n < s.total) {
    const due = Math.min(s.total, Math.floor(((wallNow() - startAt) / 1000) * s.rate));
    while (n < due) {
      await store.write((repos) =>
        addEvent(repos, {
          event_type: s.event_type, tenant_key: 'acme', helpdesk_id: s.helpdesk_id, ticket_id: `7${String(n % s.tickets).padStart(18, '0')}`,
          create_time: Date.now(), event: { bench_n: n, object: { status: 2 } },
        }),
      );
      committed(n, wallNow());
      n += s.writers;
      // A server commits each change in its own request: let the event loop run between them (SQLite's calls are
      // synchronous, so awaiting them alone would keep a dispatcher in the same thread from sending anything).
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Wake when this share's next event falls due (at most 10 ms from now, as a busy server's requests come).
    const wait = startAt + (n * 1000) / s.rate - wallNow();
    await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, wait))));
  }
}
