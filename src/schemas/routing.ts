// GET /kefu/v1/tickets/:ticket_id/routing (docs/routing.md) and the test clock POST /kefu/v1/clock.
import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

const Subject = Type.Object({
  city: Type.String(),
  language: Type.String(),
  department_id: Type.String(),
  level: Type.Number(),
  source: Type.Integer(),
  faq_categories: Type.Array(Type.String()),
  user_id: Type.String(),
});

export const RoutingDecision = Type.Object({
  at_ms: Type.Integer(),
  trigger: Type.String(),
  subject: Subject,
  skills: Type.Array(Type.Object({ skill_id: Type.String(), matched: Type.Boolean(), failed_rule_id: Type.Optional(Type.Integer()) })),
  agents: Type.Array(Type.Object({ agent_id: Type.String(), result: Type.String() })),
  outcome: Type.String(),
  agent_id: Type.Optional(Type.String()),
});

export const RoutingAnswer = Envelope(Type.Object({ decisions: Type.Array(RoutingDecision) }));

/** Milliseconds since the epoch, up to the largest Date. */
const Millis = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });

/** Exactly one of the two: an instant (ISO-8601 text or integer ms) or a step forward. */
export const ClockBody = Type.Object({
  now: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Millis])),
  advance_ms: Type.Optional(Millis),
});

export const ClockAnswer = Envelope(Type.Object({ now_ms: Type.Integer() }));
