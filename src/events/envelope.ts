// The v2 envelope an app receives for an outbox event (feishu-events.md §1.2): the stored event under a header
// made for that app. Pure.
import type { OutboxRow } from '../repositories/event-outbox-repository.js';

export interface EventEnvelope {
  schema: '2.0';
  header: { event_id: string; event_type: string; create_time: string; token: string; app_id: string; tenant_key: string };
  event: unknown;
}

/** `event_id`: the header id this app receives for the event (its delivery's), the outbox's own by default. */
export function envelopeFor(row: OutboxRow, app: { app_id: string; verification_token: string }, event_id = row.event_id): EventEnvelope {
  return {
    schema: '2.0',
    header: {
      event_id,
      event_type: row.event_type,
      create_time: String(row.create_time),
      token: app.verification_token,
      app_id: app.app_id,
      tenant_key: row.tenant_key,
    },
    event: JSON.parse(row.event),
  };
}
