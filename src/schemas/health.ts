import { Type } from '@sinclair/typebox';

// What the probes answer: states only, never an address, a version or a credential.
const RedisState = Type.Union([Type.Literal('not configured'), Type.Literal('connected'), Type.Literal('unreachable')]);

export const HealthAnswer = Type.Object({
  status: Type.Literal('ok'),
  /** off; per-process (no Redis, or Redis away); shared (counted in Redis by every process). */
  rate_limits: Type.Union([Type.Literal('off'), Type.Literal('per-process'), Type.Literal('shared')]),
  redis: RedisState,
  /** Event deliveries of every app in the database, by status; left out when the database does not answer within 1 s. */
  events: Type.Optional(Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() })),
});

export const ReadyAnswer = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  redis: RedisState,
});
