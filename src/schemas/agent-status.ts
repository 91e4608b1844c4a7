import { Type } from '@sinclair/typebox';

/** PATCH agents/:agent_id: 1 online, 2 offline, set by hand (3 off duty is derived, 4 is DELETE agents/:id/schedules). */
export const PatchAgentBody = Type.Object({ status: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })) });
