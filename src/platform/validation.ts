// Schema validation: queries and paths arrive as strings and are coerced (Feishu's numbers travel as text there);
// JSON bodies are checked strictly, so a string where a number belongs is refused rather than guessed at.
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { badRequest, type FieldViolation } from './errors.js';

const common = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false } as const;
const coercing = new Ajv({ ...common, coerceTypes: 'array' });
const strict = new Ajv({ ...common, coerceTypes: false });

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  const validate = ajv.compile(schema as object);
  return (data: unknown) => {
    if (validate(data)) return { value: data };
    return { error: badRequest((validate.errors ?? []).map((e) => toViolation(e, httpPart ?? 'body', data))) };
  };
};

function toViolation(error: ErrorObject, httpPart: string, data: unknown): FieldViolation {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  const field = fieldName(segments) || httpPart;
  const value = error.keyword === 'required' ? undefined : valueAt(data, segments);
  return { field, description: describe(error), ...(value === undefined ? {} : { value }) };
}

/** ['agent_skill', 'rules', '0', 'id'] -> 'agent_skill.rules[0].id' */
export function fieldName(segments: readonly string[]): string {
  return segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current: unknown = data;
  for (const s of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, s)) return undefined;
    current = (current as Record<string, unknown>)[s];
  }
  return current;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${error.params.type === 'integer' ? 'an integer' : `of type ${error.params.type}`}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${error.params.comparison} ${error.params.limit}`;
    case 'maxItems':
      return `must have at most ${error.params.limit} items`;
    case 'minItems':
      return `must have at least ${error.params.limit} items`;
    case 'maxLength':
      return `must be at most ${error.params.limit} characters`;
    case 'minLength':
      return `must be at least ${error.params.limit} characters`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return 'is not a known field';
    default:
      return error.message ?? 'is not valid';
  }
}
