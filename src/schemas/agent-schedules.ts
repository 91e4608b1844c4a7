import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

export const AgentIdParams = Type.Object({ agent_id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Types only: weekday codes, time formats, order and overlaps are validateSchedule's, which names every fault. */
const SlotInput = Type.Object({ weekday: Type.Integer(), start_time: Type.String(), end_time: Type.String() });
const ScheduleInput = Type.Array(SlotInput, { maxItems: 100 });
const SkillIds = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100 });

export const ListAgentSchedulesQuery = Type.Object({
  status: Type.Array(Type.Integer({ minimum: 1, maximum: 4 }), { minItems: 1, maxItems: 16 }),
});

export const CreateAgentSchedulesBody = Type.Object({
  agent_schedules: Type.Array(
    Type.Object({
      agent_id: Type.String({ minLength: 1, maxLength: 128 }),
      schedule: ScheduleInput,
      agent_skill_ids: Type.Optional(SkillIds),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});

export const PatchAgentScheduleBody = Type.Object({
  agent_schedule: Type.Optional(Type.Object({ schedule: Type.Optional(ScheduleInput), agent_skill_ids: Type.Optional(SkillIds) })),
});

export const AgentScheduleView = Type.Object({
  status: Type.Integer(),
  agent: Type.Object({
    id: Type.String(),
    avatar_url: Type.String(),
    name: Type.String(),
    email: Type.String(),
    department: Type.String(),
    company_name: Type.String(),
  }),
  schedule: Type.Array(Type.Object({ start_time: Type.String(), end_time: Type.String(), weekday: Type.Integer() })),
  agent_skills: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), is_default: Type.Boolean() })),
});

export const ListAgentSchedulesAnswer = Envelope(Type.Object({ agent_schedules: Type.Array(AgentScheduleView) }));
export const GetAgentScheduleAnswer = Envelope(Type.Object({ agent_schedule: AgentScheduleView }));
