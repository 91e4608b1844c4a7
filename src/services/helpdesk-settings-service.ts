// Kefu's helpdesk settings (lifecycle.md): read, and changed field by field.
import type { Clock } from '../platform/clock.js';
import type { HelpdeskSettings } from '../repositories/helpdesk-settings-repository.js';
import type { Store } from './store.js';

export class HelpdeskSettingsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(helpdesk_id: string): Promise<HelpdeskSettings> {
    return this.store.repos.helpdeskSettings.get(helpdesk_id);
  }

  /** Absent fields stay as they are. */
  patch(helpdesk_id: string, changes: Partial<HelpdeskSettings>): Promise<HelpdeskSettings> {
    return this.store.write(async (repos) => {
      const settings = { ...(await repos.helpdeskSettings.get(helpdesk_id)), ...definedOnly(changes) };
      await repos.helpdeskSettings.put(helpdesk_id, settings, this.clock.now());
      return settings;
    });
  }
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
