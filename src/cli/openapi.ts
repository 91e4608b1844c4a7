// kefu openapi: print the OpenAPI 3.1 document /openapi.json serves, without a server or a database of one's own.
import { buildApp } from '../app.js';
import { openDatabase } from '../db/connect.js';
import { parseFlags } from './options.js';

export const openapiHelp = `kefu openapi               print the OpenAPI 3.1 document of every route (what GET /openapi.json answers)`;

export async function openapi(args: string[]): Promise<void> {
  parseFlags(args, {});
  // `kefu openapi | head` closes the pipe early: that ends the output, it is not an error.
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}

/** The document, from an app built on an empty in-memory database: the routes and their schemas do not depend on data. */
export async function openApiDocument(): Promise<unknown> {
  const database = await openDatabase(':memory:');
  const app = await buildApp({ database });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await database.close();
  }
}
