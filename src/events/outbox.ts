// Adding an event to the outbox: every change calls this inside its own transaction, so a committed change always
// has its event and a refused one never does. Delivery (per app, with each app's header) reads the outbox.
import type { Repositories } from '../repositories/index.js';
import { newEventId } from './ids.js';

export interface NewEvent {
  event_type: string;
  tenant_key: string;
  helpdesk_id: string;
  ticket_id?: string;
  create_time: number;
  event: unknown;
}

/** Writes the event; answers its header event_id. */
export async function addEvent(repos: Repositories, e: NewEvent): Promise<string> {
  const event_id = newEventId();
  await repos.outbox.add({
    event_id,
    event_type: e.event_type,
    tenant_key: e.tenant_key,
    helpdesk_id: e.helpdesk_id,
    ticket_id: e.ticket_id ?? null,
    create_time: e.create_time,
    event: JSON.stringify(e.event),
  });
  return event_id;
}
