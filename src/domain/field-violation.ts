// One fault of a request, named by its field path (`agent_skill.rules[0].selected_operator`): what domain validation
// finds and what the error envelope's `error.field_violations` answers, in one shape.
export interface FieldViolation {
  field: string;
  value?: unknown;
  description: string;
}
