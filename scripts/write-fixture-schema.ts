// Writes schemas/fixture.schema.json from the TypeBox definition in src/fixtures/fixture-schema.ts.
import { writeFileSync } from 'node:fs';
import { fixtureJsonSchema } from '../src/fixtures/fixture-schema.js';

writeFileSync(new URL('../schemas/fixture.schema.json', import.meta.url), `${JSON.stringify(fixtureJsonSchema(), null, 2)}\n`);
