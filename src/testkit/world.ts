// A typed builder of fixtures for tests: `world().helpdesk().agent('ou_a').guest('ou_g').build()` gives the
// published fixture format (fixture-schema.ts) with everything a test does not care about filled in. Pure.
import type { Fixture, FixtureHelpdesk, FixtureTenant, FixtureTicket, FixtureUser } from '../fixtures/fixture-schema.js';
import { validateFixture } from '../fixtures/validate-fixture.js';

type App = NonNullable<FixtureTenant['apps']>[number];
type Agent = NonNullable<FixtureHelpdesk['agents']>[number];
type Skill = NonNullable<FixtureHelpdesk['skills']>[number];
type UserFields = Omit<FixtureUser, 'open_id' | 'name'> & { name?: string };

export interface WorldOptions {
  tenant_key?: string;
  tenant_name?: string;
  /** The first app: the one `startKefu`'s credentials name. Default: `cli_kefu0000000001`, all scopes. */
  app?: Partial<App>;
  /** Give every user a user token for the first app (`u-test-<open_id>`), listed in the credentials. Default true. */
  user_tokens?: boolean;
  /** The instant a ticket without `created_at` was created (ms). Default 2026-01-05T02:00:00Z. */
  tickets_created_at?: number;
}

export interface HelpdeskOptions extends Partial<Omit<FixtureHelpdesk, 'agents' | 'tickets' | 'skills'>> {
  skills?: Skill[];
}

export interface AgentOptions extends UserFields {
  /** Stored status: 1 online (the default), 2 offline, 4 busy. */
  status?: Agent['status'];
  /** Default: on duty every day, all day, so routing always finds them. */
  schedule?: Agent['schedule'];
  /** Skill ids besides the default skill, which every agent holds. */
  skills?: string[];
}

/** On duty every day, all day: tests route to the agent whatever the clock reads. */
export const ALWAYS_ON_DUTY = [{ weekday: 9, start_time: '00:00', end_time: '24:00' }];
export const DEFAULT_SKILL_ID = 'skill-default';

const DEFAULTS = {
  tenant_key: 'kefu-test',
  app_id: 'cli_kefu0000000001',
  app_secret: 'kefu-test-secret',
  helpdesk_id: '7100000000000000001',
  helpdesk_token: 'kefu-test-helpdesk-token',
  owner: 'ou_owner',
  tickets_created_at: Date.parse('2026-01-05T02:00:00Z'),
};

/** The user token the builder gives a user for the first app. */
export function testUserToken(open_id: string): string {
  return `u-test-${open_id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export class WorldBuilder {
  private readonly apps: App[];
  private readonly users = new Map<string, FixtureUser>();
  private readonly helpdesks: FixtureHelpdesk[] = [];
  private ticketNumber = 0;

  constructor(private readonly options: WorldOptions = {}) {
    this.apps = [{ app_id: DEFAULTS.app_id, app_secret: DEFAULTS.app_secret, scopes: ['helpdesk:all'], ...options.app }];
  }

  /** Another app of the tenant (the first is made for you). */
  app(app: Partial<App> & { app_id: string }): this {
    this.apps.push({ app_secret: `${app.app_id}-secret`, scopes: ['helpdesk:all'], ...app });
    return this;
  }

  /** A user of the tenant; calling it again for the same open_id adds to what was given. */
  user(open_id: string, fields: UserFields = {}): this {
    const known = this.users.get(open_id);
    this.users.set(open_id, { ...known, ...fields, open_id, name: fields.name ?? known?.name ?? open_id });
    return this;
  }

  /** A guest: a user who will talk to the helpdesk. */
  guest(open_id: string, fields: UserFields = {}): this {
    return this.user(open_id, fields);
  }

  /** Starts a helpdesk; agent() and ticket() after it add to this one. Its owner becomes a user. */
  helpdesk(options: HelpdeskOptions = {}): this {
    const n = this.helpdesks.length;
    const owner = options.owner ?? (n === 0 ? DEFAULTS.owner : `${DEFAULTS.owner}_${n + 1}`);
    if (!this.users.has(owner)) this.user(owner, { name: 'Owner' });
    const { skills, ...rest } = options;
    this.helpdesks.push({
      helpdesk_id: n === 0 ? DEFAULTS.helpdesk_id : (BigInt(DEFAULTS.helpdesk_id) + BigInt(n)).toString(),
      helpdesk_token: n === 0 ? DEFAULTS.helpdesk_token : `${DEFAULTS.helpdesk_token}-${n + 1}`,
      name: n === 0 ? 'Test Helpdesk' : `Test Helpdesk ${n + 1}`,
      ...rest,
      owner,
      // Skill ids are unique across a fixture: the second helpdesk's default skill is skill-default-2.
      skills: skills ?? [{ id: n === 0 ? DEFAULT_SKILL_ID : `${DEFAULT_SKILL_ID}-${n + 1}`, name: 'General', is_default: true, rules: [], agent_ids: [] }],
      agents: [],
      tickets: [],
    });
    return this;
  }

  /** A skill of the current helpdesk (agents name it in their `skills`). */
  skill(skill: Skill): this {
    this.current().skills!.push({ agent_ids: [], rules: [], ...skill });
    return this;
  }

  /** An agent of the current helpdesk (and a user of the tenant), holding the default skill and any named ones. */
  agent(open_id: string, options: AgentOptions = {}): this {
    const { status, schedule, skills, ...fields } = options;
    this.user(open_id, fields);
    const helpdesk = this.current();
    helpdesk.agents!.push({ id: open_id, status: status ?? 1, schedule: schedule === undefined ? ALWAYS_ON_DUTY : schedule });
    for (const skill of helpdesk.skills!) {
      if (skill.is_default || skills?.includes(skill.id)) skill.agent_ids = [...(skill.agent_ids ?? []), open_id];
    }
    return this;
  }

  /** A ticket of the current helpdesk that already exists when the test starts; its guest becomes a user. */
  ticket(ticket: Partial<FixtureTicket> & { guest: string }): this {
    if (!this.users.has(ticket.guest)) this.guest(ticket.guest);
    this.ticketNumber++;
    this.current().tickets!.push({
      ticket_id: (7_200_000_000_000_000_000n + BigInt(this.ticketNumber)).toString(),
      ticket_type: 2,
      status: 1,
      created_at: this.options.tickets_created_at ?? DEFAULTS.tickets_created_at,
      ...ticket,
    });
    return this;
  }

  /** The fixture, validated as `kefu serve --fixture` would (a mistake is a FixtureError naming its JSON path). */
  build(): Fixture {
    if (this.helpdesks.length === 0) this.helpdesk();
    const tokens = this.options.user_tokens ?? true;
    const app_id = this.apps[0].app_id;
    const users = [...this.users.values()].map((u) =>
      tokens && !u.access_tokens?.some((t) => t.app_id === app_id) ? { ...u, access_tokens: [...(u.access_tokens ?? []), { app_id, token: testUserToken(u.open_id) }] } : u,
    );
    const tenant: FixtureTenant = {
      tenant_key: this.options.tenant_key ?? DEFAULTS.tenant_key,
      name: this.options.tenant_name ?? 'Kefu Test',
      apps: this.apps,
      users,
      helpdesks: this.helpdesks,
    };
    return validateFixture(structuredClone({ tenants: [tenant] }));
  }

  private current(): FixtureHelpdesk {
    if (this.helpdesks.length === 0) this.helpdesk();
    return this.helpdesks[this.helpdesks.length - 1];
  }
}

/** Starts a world of one tenant with one app; add a helpdesk, agents, guests and tickets, then build(). */
export function world(options?: WorldOptions): WorldBuilder {
  return new WorldBuilder(options);
}

/** The world startKefu serves when given no fixture: one helpdesk, two agents on duty, two guests. */
export function defaultWorld(): Fixture {
  return world()
    .helpdesk()
    .agent('ou_agent_1', { name: 'Agent One' })
    .agent('ou_agent_2', { name: 'Agent Two' })
    .guest('ou_guest_1', { name: 'Guest One' })
    .guest('ou_guest_2', { name: 'Guest Two' })
    .build();
}
