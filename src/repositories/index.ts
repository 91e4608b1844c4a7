// The repositories: every SQL statement Kefu runs lives in one of them.
import type { Executor } from './executor.js';
import { AgentsRepository } from './agents-repository.js';
import { HelpdesksRepository } from './helpdesks-repository.js';
import { IdentitiesRepository } from './identities-repository.js';
import { RoutingRepository } from './routing-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { SkillsRepository } from './skills-repository.js';
import { TicketsRepository } from './tickets-repository.js';
import { TokensRepository } from './tokens-repository.js';

export function repositories(db: Executor) {
  return {
    settings: new SettingsRepository(db),
    identities: new IdentitiesRepository(db),
    tokens: new TokensRepository(db),
    helpdesks: new HelpdesksRepository(db),
    skills: new SkillsRepository(db),
    agents: new AgentsRepository(db),
    tickets: new TicketsRepository(db),
    routing: new RoutingRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
