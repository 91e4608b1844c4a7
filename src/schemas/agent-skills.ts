import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

export const AgentSkillSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  agent_ids: Type.Array(Type.String()),
  is_default: Type.Boolean(),
});

export const ListAgentSkillsAnswer = Envelope(Type.Object({ agent_skills: Type.Array(AgentSkillSummary) }));
