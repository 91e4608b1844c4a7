// Request and answer schemas of event delivery: Feishu's events/subscribe and events/unsubscribe, and Kefu's own
// event subscription and delivery log.
import { Type, type Static } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';
import { KNOWN_EVENT_TYPES } from '../events/subscription-pairs.js';

const Text = Type.String({ minLength: 1, maxLength: 128 });

export const EventPairsBody = Type.Object({
  events: Type.Array(Type.Object({ type: Text, subtype: Text }), { minItems: 1, maxItems: 20 }),
});

export const AppIdPath = Type.Object({ app_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const AppEventPath = Type.Object({ app_id: Type.String({ minLength: 1, maxLength: 64 }), event_id: Type.String({ minLength: 1, maxLength: 64 }) });

/** An app's event subscription, as the fixture and PUT give it and GET answers it. */
export const EventSubscriptionFields = Type.Object({
  mode: Type.Union([Type.Literal('webhook'), Type.Literal('long_connection')]),
  request_url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL; required for webhook mode' })),
  encrypt_key: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  verification_token: Type.String({ minLength: 1, maxLength: 256 }),
  event_types: Type.Array(Type.Union(KNOWN_EVENT_TYPES.map((t) => Type.Literal(t))), { maxItems: KNOWN_EVENT_TYPES.length, uniqueItems: true }),
});
/** The redirect URIs Feishu's OIDC authorize page may send an app's codes to (docs/sign-in.md). */
export const RedirectUris = Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
  maxItems: 100,
  uniqueItems: true,
  description: "absolute http(s) URLs without a fragment: the only places the authorize page sends this app's codes to",
});
/** PUT and GET take and answer the app's redirect URIs beside its subscription (lifecycle.md): Kefu's developer console. */
const AppSettingsFields = Type.Composite([EventSubscriptionFields, Type.Object({ redirect_uris: Type.Optional(RedirectUris) })]);
export type EventSubscriptionInput = Static<typeof AppSettingsFields>;
export const EventSubscriptionBody = AppSettingsFields;
export const EventSubscriptionAnswer = Envelope(AppSettingsFields);

export const DeliveryStatusQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
});

const Delivery = Type.Object({
  event_id: Type.String(),
  event_type: Type.String(),
  helpdesk_id: Type.String(),
  ticket_id: Type.Optional(Type.String()),
  create_time: Type.String({ description: 'ms, as the envelope header' }),
  status: Type.String(),
  attempts: Type.Integer(),
  next_attempt_at: Type.Optional(Type.String({ description: 'ms; pending only' })),
  last_attempt_at: Type.Optional(Type.String()),
  last_outcome: Type.Optional(Type.String()),
  delivered_at: Type.Optional(Type.String()),
});
export type DeliveryItem = Static<typeof Delivery>;
export const DeliveryListAnswer = Envelope(Type.Object({ events: Type.Array(Delivery) }));
export const DeliveryAnswer = Envelope(Type.Object({ event: Delivery }));
