// Which skills an agent holds. One rule for every path that writes skill membership (fixtures and the schedule
// endpoints): a removed agent (status 4) holds no skill, so nothing routes work to it and no skill lists it; every
// other agent holds the helpdesk's default skill, whether or not it was asked for (domain.md).
import type { StoredAgentStatus } from './schedule-status.js';

export const REMOVED: StoredAgentStatus = 4;

/** Whether an agent of this status belongs in skills at all. */
export function holdsSkills(status: number): boolean {
  return status !== REMOVED;
}

/** The skills an agent of this status holds: none when removed; else the default skill and the chosen ones, once each. */
export function skillsHeld(status: number, defaultSkillId: string | undefined, chosen: readonly string[]): string[] {
  if (!holdsSkills(status)) return [];
  return [...new Set([...(defaultSkillId === undefined ? [] : [defaultSkillId]), ...chosen])];
}
