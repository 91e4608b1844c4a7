// Who a signed-in person is to each helpdesk of their tenant: owner, admin, agent or guest (domain.md's roles), read
// once per console page. The console asks here rather than reaching into repositories.
import type { Caller } from '../platform/credentials.js';
import { REMOVED } from '../repositories/agents-repository.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { App } from '../repositories/identities-repository.js';
import type { Store } from './store.js';

export type Role = 'owner' | 'admin' | 'agent' | 'guest';

export interface Person {
  open_id: string;
  tenant_key: string;
  name: string;
}

export interface Membership {
  helpdesk: Helpdesk;
  role: Role;
}

/** Roles in the order of what they may do: each includes everything the ones before it may. */
export const ROLE_RANK: Record<Role, number> = { guest: 0, agent: 1, admin: 2, owner: 3 };

export class PeopleService {
  constructor(private readonly store: Store) {}

  async person(open_id: string): Promise<Person | undefined> {
    const user = await this.store.repos.identities.findUser(open_id);
    return user && { open_id: user.open_id, tenant_key: user.tenant_key, name: user.name };
  }

  /** The helpdesks of the person's tenant and their role in each, by helpdesk id. */
  async memberships(person: Person): Promise<Membership[]> {
    const repos = this.store.repos;
    const out: Membership[] = [];
    for (const id of await repos.helpdesks.listIds()) {
      const helpdesk = await repos.helpdesks.find(id);
      if (!helpdesk || helpdesk.tenant_key !== person.tenant_key) continue;
      out.push({ helpdesk, role: await this.roleIn(helpdesk, person.open_id) });
    }
    return out;
  }

  async roleIn(helpdesk: Helpdesk, open_id: string): Promise<Role> {
    if (helpdesk.owner_open_id === open_id) return 'owner';
    if (helpdesk.admin_open_ids.includes(open_id)) return 'admin';
    const agent = await this.store.repos.agents.find(helpdesk.helpdesk_id, open_id);
    return agent && agent.status !== REMOVED ? 'agent' : 'guest';
  }

  /** The tenant's apps, for the admin's app pages. */
  async apps(tenant_key: string): Promise<App[]> {
    return this.store.repos.identities.listApps(tenant_key);
  }

  /** The guest's service chat with the helpdesk, when they have one. */
  async serviceChat(helpdesk_id: string, guest_id: string): Promise<string | undefined> {
    const chats = await this.store.repos.chats.listByGuest(guest_id);
    return chats.find((c) => c.helpdesk_id === helpdesk_id && c.kind === 'service')?.chat_id;
  }

  /** The tenant's users, for choosing a guest in the routing check. */
  async users(tenant_key: string): Promise<{ open_id: string; name: string }[]> {
    return this.store.repos.identities.listUsers(tenant_key);
  }
}

/**
 * A caller standing for a person signed in to the console: the services check roles on open_id and tenants on
 * tenant_key, exactly as for a user token through an app with every helpdesk scope.
 */
export function personCaller(person: Person, app_id = ''): Caller {
  return { kind: 'user', app_id, tenant_key: person.tenant_key, scopes: ['helpdesk:all'], open_id: person.open_id, expires_at: Number.MAX_SAFE_INTEGER };
}
