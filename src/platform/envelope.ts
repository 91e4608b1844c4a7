// Feishu's response envelope: {code, msg, data} on success; on failure data is {} and `error` says why.
import { Type, type TSchema } from '@sinclair/typebox';
import type { ApiError } from './errors.js';

export function ok<T>(data: T): { code: 0; msg: 'success'; data: T } {
  return { code: 0, msg: 'success', data };
}

export function errorBody(error: ApiError, logId: string) {
  const { fieldViolations, permissionViolations } = error.details;
  return {
    code: error.row.code,
    msg: error.message,
    data: {},
    error: {
      log_id: logId,
      message: error.message,
      ...(fieldViolations ? { field_violations: fieldViolations.map(serializableViolation) } : {}),
      ...(permissionViolations ? { permission_violations: permissionViolations } : {}),
    },
  };
}

// A violation's value echoes the caller's input; keep it a short string so a hostile value cannot bloat the answer.
function serializableViolation(v: { field: string; value?: unknown; description: string }) {
  if (v.value === undefined) return { field: v.field, description: v.description };
  const text = typeof v.value === 'string' ? v.value : JSON.stringify(v.value) ?? String(v.value);
  return { field: v.field, value: text.length > 200 ? `${text.slice(0, 200)}…` : text, description: v.description };
}

/** The TypeBox schema of a success answer: also the serializer, so undeclared fields never leak out. */
export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({ code: Type.Integer(), msg: Type.String(), data });
}

export const EmptyEnvelope = Envelope(Type.Object({}));
