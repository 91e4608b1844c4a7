import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

export const ListAgentSkillRulesAnswer = Envelope(
  Type.Object({
    rules: Type.Array(
      Type.Object({
        id: Type.String(),
        operator_options: Type.Array(Type.Integer()),
        /** An example operand of the kind's format, as a JSON string. */
        operand: Type.String(),
        /** 1 FAQ category, 2 ticket, 3 the user's profile (Feishu's numbering). */
        category: Type.Integer(),
        display_name: Type.String(),
      }),
    ),
  }),
);
