// The kefu package: a whole Kefu inside a test suite (docs/testing.md).
export { startKefu } from './testkit/start.js';
export type { KefuClock, KefuCredentials, KefuEvents, RunningKefu, StartKefuOptions } from './testkit/start.js';
export { world, WorldBuilder, ALWAYS_ON_DUTY, DEFAULT_SKILL_ID, testUserToken } from './testkit/world.js';
export type { AgentOptions, HelpdeskOptions, WorldOptions } from './testkit/world.js';
export type { EventFilter } from './testkit/events.js';
export { Agent, Guest } from './testkit/triggers.js';
export { KefuApiClient, KefuApiError, type ChatMessage } from './testkit/api-client.js';
export type { EventEnvelope } from './events/envelope.js';
export type { Fixture, FixtureHelpdesk, FixtureTenant, FixtureTicket, FixtureUser } from './fixtures/fixture-schema.js';
export { FixtureError } from './fixtures/validate-fixture.js';
