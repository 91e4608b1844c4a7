// Who is looking at a console page: the signed-in person, the helpdesk the page is about, their role in it, and the
// CSRF token their forms must carry. Roles are the API's (domain.md): guest < agent < admin < owner.
import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../platform/credentials.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import { personCaller, ROLE_RANK, type Membership, type PeopleService, type Person, type Role } from '../services/people-service.js';

export interface Visit {
  person: Person;
  helpdesk: Helpdesk;
  role: Role;
  memberships: Membership[];
  /** The session's CSRF token. */
  csrf: string;
  /** The person as the services' callers are. */
  caller: Caller;
}

/** What the console needs of a browser session (the sign-in service's SignedInPerson has it). */
export interface SignedIn {
  open_id: string;
  /** The session's own token for forms that change things. */
  csrf_token: string;
}

/** A refusal the console answers with a page of its own (never the API's JSON envelope). */
export class ConsoleRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The visit of a signed-in person. The helpdesk is the one `?helpdesk=` names among theirs, else the one where
 * their role is highest (the first by id among equals).
 */
export async function visitOf(people: PeopleService, signedIn: SignedIn, wanted: string | undefined): Promise<Visit> {
  const person = await people.person(signedIn.open_id);
  if (!person) throw new ConsoleRefusal(401, 'The signed-in person no longer exists. Ask for a new sign-in link.');
  const memberships = await people.memberships(person);
  if (memberships.length === 0) throw new ConsoleRefusal(403, 'Your organisation has no helpdesk yet.');
  const chosen =
    (wanted && memberships.find((m) => m.helpdesk.helpdesk_id === wanted)) ||
    memberships.reduce((best, m) => (ROLE_RANK[m.role] > ROLE_RANK[best.role] ? m : best));
  return { person, helpdesk: chosen.helpdesk, role: chosen.role, memberships, csrf: signedIn.csrf_token, caller: personCaller(person) };
}

/** Refuses a visit whose role is below `least`. */
export function requireRole(visit: Visit, least: Role): void {
  if (ROLE_RANK[visit.role] < ROLE_RANK[least]) {
    throw new ConsoleRefusal(403, `This page is for ${least === 'agent' ? 'agents, admins and the owner' : 'admins and the owner'} of ${visit.helpdesk.name}; you are ${article(visit.role)} ${visit.role} there.`);
  }
}

const ARTICLE: Record<Role, string> = { owner: 'the', admin: 'an', agent: 'an', guest: 'a' };
const article = (role: Role) => ARTICLE[role];
