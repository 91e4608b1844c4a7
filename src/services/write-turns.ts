// Writes to one helpdesk's agents and skills take turns in this process before they take a database connection.
// Row locks already make them take turns inside the database (across processes too); waiting here first keeps a
// burst of writers to one helpdesk from holding every pooled connection while they wait on each other's locks,
// which pg's pool answers with a checkout timeout (a 500) after 5 s.
import type { Repositories } from '../repositories/index.js';
import type { Store } from './store.js';

export class WriteTurns {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

// One queue per store, so every service writing to a database shares it.
const turnsByStore = new WeakMap<Store, WriteTurns>();

/** store.write(fn), after the writes to the same helpdesk that came before it in this process. */
export function writeInTurn<T>(store: Store, helpdesk_id: string, fn: (repos: Repositories) => Promise<T>): Promise<T> {
  // SQLite's one connection already runs the writes of a process one at a time, in the order they were made, each
  // seeing every write before it (group-commit.ts), and holds no pool to exhaust. Waiting for the previous write's
  // commit here as well would keep a helpdesk's starts and closes from ever sharing a commit.
  if (store.dialect === 'sqlite') return store.write(fn);
  let turns = turnsByStore.get(store);
  if (!turns) {
    turns = new WriteTurns();
    turnsByStore.set(store, turns);
  }
  return turns.run(helpdesk_id, () => store.write(fn));
}
