// The repositories: every SQL statement Kefu runs lives in one of them.
import type { Executor } from './executor.js';
import { AgentsRepository } from './agents-repository.js';
import { ChatsRepository } from './chats-repository.js';
import { EventOutboxRepository } from './event-outbox-repository.js';
import { EventDeliveriesRepository } from './event-deliveries-repository.js';
import { EventSubscriptionsRepository } from './event-subscriptions-repository.js';
import { HelpdeskSettingsRepository } from './helpdesk-settings-repository.js';
import { MessagesRepository } from './messages-repository.js';
import { NotificationsRepository } from './notifications-repository.js';
import { TicketLivesRepository } from './ticket-lives-repository.js';
import { CustomizedFieldsRepository } from './customized-fields-repository.js';
import { HelpdesksRepository } from './helpdesks-repository.js';
import { IdentitiesRepository } from './identities-repository.js';
import { ImagesRepository } from './images-repository.js';
import { KnowledgeBaseRepository } from './knowledge-base-repository.js';
import { LongConnectionsRepository } from './long-connections-repository.js';
import { RoutingRepository } from './routing-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { SignInRepository } from './sign-in-repository.js';
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
    chats: new ChatsRepository(db),
    ticketLives: new TicketLivesRepository(db),
    messages: new MessagesRepository(db),
    outbox: new EventOutboxRepository(db),
    eventSubscriptions: new EventSubscriptionsRepository(db),
    deliveries: new EventDeliveriesRepository(db),
    longConnections: new LongConnectionsRepository(db),
    helpdeskSettings: new HelpdeskSettingsRepository(db),
    customizedFields: new CustomizedFieldsRepository(db),
    images: new ImagesRepository(db),
    routing: new RoutingRepository(db),
    knowledgeBase: new KnowledgeBaseRepository(db),
    notifications: new NotificationsRepository(db),
    signIn: new SignInRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
