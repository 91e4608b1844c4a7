// Adding an event to the outbox: every change calls this inside its own transaction, so a committed change always
// has its event and a refused one never does. The same transaction queues one delivery per app that gets the event
// (docs/events.md), each with its own header event_id.
import type { Repositories } from '../repositories/index.js';
import { newEventId } from './ids.js';
import { needsHelpdeskSubscription } from './subscription-pairs.js';

export interface NewEvent {
  event_type: string;
  tenant_key: string;
  helpdesk_id: string;
  ticket_id?: string;
  create_time: number;
  event: unknown;
}

/** Writes the event and queues its deliveries; answers its outbox event_id. */
export async function addEvent(repos: Repositories, e: NewEvent): Promise<string> {
  const event_id = newEventId();
  const ticket_id = e.ticket_id ?? null;
  const seq = await repos.outbox.add({
    event_id,
    event_type: e.event_type,
    tenant_key: e.tenant_key,
    helpdesk_id: e.helpdesk_id,
    ticket_id,
    create_time: e.create_time,
    event: JSON.stringify(e.event),
  });
  const apps = needsHelpdeskSubscription(e.event_type)
    ? await repos.eventSubscriptions.ticketEventRecipients(e.helpdesk_id, e.event_type)
    : await repos.eventSubscriptions.tenantEventRecipients(e.tenant_key, e.event_type);
  await repos.deliveries.add(apps.map((app_id) => ({ event_id: newEventId(), seq, app_id, ticket_id, now: e.create_time })));
  await repos.longConnections.notifyQueued(apps);
  return event_id;
}
