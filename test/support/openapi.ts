// Reading the OpenAPI document in tests: the operation of a catalogue endpoint, and the documented (status, code)
// pairs of an operation.
import type { Endpoint } from './endpoints.js';

export interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: any }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

/** Fastify's /a/:id as OpenAPI's /a/{id}. */
export const openApiPath = (path: string) => path.replace(/:([a-z_]+)/g, '{$1}');

export function operationOf(doc: OpenApiDocument, e: Endpoint): Operation | undefined {
  return doc.paths[openApiPath(e.path)]?.[e.method.toLowerCase()];
}

/** Every (status, code) an operation's error responses document, as "400/154000". */
export function documentedErrors(operation: Operation): string[] {
  return Object.entries(operation.responses).flatMap(([status, response]) => {
    const schema = response.content?.['application/json']?.schema;
    // An error answer is the shared ErrorEnvelope with its `code` narrowed: allOf [$ref, {properties: {code: {enum}}}].
    const codes: number[] = (schema?.allOf ?? []).flatMap((part: any) => part.properties?.code?.enum ?? []);
    return codes.map((code) => `${status}/${code}`);
  });
}
