// What the long-running commands (generate, export) share: the helpdesk they work on, and a progress bar.
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Store } from '../services/store.js';
import { UsageError } from './options.js';

/** The helpdesk named by --helpdesk, or the only one in the database. */
export async function chooseHelpdesk(store: Store, id: string | undefined): Promise<Helpdesk> {
  if (id === undefined) {
    const ids = await store.repos.helpdesks.listIds();
    if (ids.length === 0) throw new UsageError('the database has no helpdesk: load a fixture first (kefu serve --fixture FILE)');
    if (ids.length > 1) throw new UsageError(`the database has ${ids.length} helpdesks (${ids.join(', ')}): choose one with --helpdesk ID`);
    id = ids[0];
  }
  const helpdesk = await store.repos.helpdesks.find(id);
  if (!helpdesk) throw new UsageError(`no helpdesk ${id} in the database`);
  return helpdesk;
}

/** A progress bar redrawn in place on a terminal; nothing until the summary otherwise. */
export class Progress {
  private readonly started = performance.now();
  private doneCount = 0;
  private lastDraw = 0;

  /** `total` may grow a batch at a time (an export's matches, counted before the walk, gain new tickets). */
  constructor(
    private total: number,
    private readonly tty: boolean,
    private readonly unit: string,
  ) {}

  advance(n: number): void {
    this.doneCount += n;
    this.total = Math.max(this.total, this.doneCount);
    const now = performance.now();
    if (!this.tty || (now - this.lastDraw < 100 && this.doneCount < this.total)) return;
    this.lastDraw = now;
    const ratio = this.total === 0 ? 1 : this.doneCount / this.total;
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = this.doneCount / this.elapsedSeconds();
    const eta = rate > 0 ? Math.ceil((this.total - this.doneCount) / rate) : 0;
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ` +
        `${this.doneCount.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit}, ` +
        `${Math.round(rate).toLocaleString('en-US')}/s, ETA ${eta}s   `,
    );
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
