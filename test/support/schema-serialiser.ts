// The serialiser Fastify compiles for a response schema (fast-json-stringify, with Fastify's options): what a route
// answers with when it hands Fastify an object. Routes that write their own bytes are compared with it.
import Fastify from 'fastify';
import type { TSchema } from '@sinclair/typebox';

export async function schemaSerialiser(schema: TSchema): Promise<(value: unknown) => string> {
  const app = Fastify();
  let serialise: ((value: unknown) => string) | undefined;
  app.get('/', (_request, reply) => {
    serialise = reply.compileSerializationSchema(schema) as (value: unknown) => string;
    return {};
  });
  await app.inject('/');
  await app.close();
  return serialise!;
}
