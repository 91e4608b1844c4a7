// events/subscribe's {type, subtype} pairs (lifecycle.md "Events"): the helpdesk's ticket events are delivered only
// to apps that subscribed a helpdesk to them; other helpdesk events (notification.approve_v1) need no pair.
import { EVENT_TYPES } from './ticket-events.js';

export const NOTIFICATION_APPROVED = 'helpdesk.notification.approve_v1';

/** Every event type an app's subscription may list. */
export const KNOWN_EVENT_TYPES = [EVENT_TYPES.ticketCreated, EVENT_TYPES.ticketUpdated, EVENT_TYPES.messageCreated, NOTIFICATION_APPROVED] as const;

const PAIRS: Record<string, string> = {
  'helpdesk.ticket/ticket.created_v1': EVENT_TYPES.ticketCreated,
  'helpdesk.ticket/ticket.updated_v1': EVENT_TYPES.ticketUpdated,
  'helpdesk.ticket_message/ticket_message.created_v1': EVENT_TYPES.messageCreated,
};

/** The event type a pair names, or undefined for a pair events/subscribe does not know. */
export const eventTypeOfPair = (type: string, subtype: string): string | undefined => PAIRS[`${type}/${subtype}`];

export const needsHelpdeskSubscription = (event_type: string): boolean => Object.values(PAIRS).includes(event_type);
