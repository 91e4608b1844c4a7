// One migration history for both dialects. A migration that must differ between them branches on
// `db.getExecutor().adapter` rather than forking the history.
import type { Migration, MigrationProvider } from 'kysely';
import * as identitiesAndHelpdesks from './0001-identities-and-helpdesks.js';
import * as tickets from './0002-tickets.js';
import * as secretDigests from './0003-secret-digests.js';
import * as lifecycle from './0004-lifecycle.js';
import * as customizedFieldsAndImages from './0005-customized-fields-and-images.js';
import * as routingDecisions from './0006-routing-decisions.js';
import * as eventDelivery from './0007-event-delivery.js';
import * as knowledgeBase from './0008-knowledge-base.js';
import * as notifications from './0009-notifications.js';
import * as signIn from './0010-sign-in.js';
import * as longConnections from './0013-long-connections.js';
import * as eventAttempts from './0012-event-attempts.js';

const migrations: Record<string, Migration> = {
  '0001-identities-and-helpdesks': identitiesAndHelpdesks,
  '0002-tickets': tickets,
  '0003-secret-digests': secretDigests,
  '0004-lifecycle': lifecycle,
  '0005-customized-fields-and-images': customizedFieldsAndImages,
  '0006-routing-decisions': routingDecisions,
  '0007-event-delivery': eventDelivery,
  '0008-knowledge-base': knowledgeBase,
  '0009-notifications': notifications,
  '0010-sign-in': signIn,
  '0013-long-connections': longConnections,
  '0012-event-attempts': eventAttempts,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
