import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

export const AgentSkillSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  agent_ids: Type.Array(Type.String()),
  is_default: Type.Boolean(),
});

export const ListAgentSkillsAnswer = Envelope(Type.Object({ agent_skills: Type.Array(AgentSkillSummary) }));

export const AgentSkillIdParams = Type.Object({ agent_skill_id: Type.String({ minLength: 1, maxLength: 128 }) });

const SkillName = Type.String({ minLength: 1, maxLength: 100 });
const AgentIds = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 1000 });

/**
 * A rule as clients send it. Only the types are checked here; which ids, operators and operands are valid is the
 * rule catalogue's business (validateRule), which names the exact field. operand is a JSON string or an object.
 */
const RuleInput = Type.Object({
  id: Type.String({ maxLength: 32 }),
  selected_operator: Type.Integer(),
  operator_options: Type.Optional(Type.Array(Type.Integer(), { maxItems: 16 })),
  operand: Type.Unknown(),
  category: Type.Optional(Type.Integer()),
});
const Rules = Type.Array(RuleInput, { maxItems: 50 });

export const PatchAgentSkillBody = Type.Object({
  agent_skill: Type.Optional(
    Type.Object({
      name: Type.Optional(SkillName),
      rules: Type.Optional(Rules),
      agent_ids: Type.Optional(AgentIds),
      /** The SDK's type carries it; the path names the skill, so it is ignored. */
      agent_skill_id: Type.Optional(Type.String()),
    }),
  ),
});

export const CreateAgentSkillBody = Type.Object({
  name: SkillName,
  rules: Type.Optional(Rules),
  agent_ids: Type.Optional(AgentIds),
});

export const CreateAgentSkillAnswer = Envelope(Type.Object({ agent_skill_id: Type.String() }));

export const AgentSkillDetail = Type.Object({
  id: Type.String(),
  name: Type.String(),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      selected_operator: Type.Integer(),
      operator_options: Type.Optional(Type.Array(Type.Integer())),
      /** Answered in the form it was given: a JSON string or an object. */
      operand: Type.Unknown(),
      category: Type.Optional(Type.Integer()),
      display_name: Type.Optional(Type.String()),
    }),
  ),
  agent_ids: Type.Array(Type.String()),
  is_default: Type.Boolean(),
  agents: Type.Array(Type.Object({ id: Type.String(), avatar_url: Type.String(), name: Type.String() })),
});

export const GetAgentSkillAnswer = Envelope(Type.Object({ agent_skill: AgentSkillDetail }));
