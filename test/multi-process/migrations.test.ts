// Several processes starting at once on one empty PostgreSQL schema: each migrates it before serving.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase, searchPathSchema } from '../../src/db/connect.js';
import { BulkCopyRepository } from '../../src/repositories/bulk-copy-repository.js';
import { withoutPostgres } from '../support/databases.js';
import { emptySchema } from '../support/pg-schema.js';

describe('migrations on PostgreSQL from several processes at once', { skip: withoutPostgres }, () => {
  test('four connection pools migrating one empty schema together all succeed, and the schema is migrated once', async () => {
    const schema = await emptySchema('kefu_migrations');
    try {
      // Separate pools, as separate processes would have: Kysely's advisory lock makes them take turns.
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase(schema.url, { poolSize: 2 })));
      const databases = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        assert.deepEqual(
          opened.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')),
          ['ok', 'ok', 'ok', 'ok'],
        );
        const tables = await databases[0]!.db.introspection.getTables({ withInternalKyselyTables: true });
        const inSchema = tables.filter((t) => t.schema === searchPathSchema(schema.url)).map((t) => t.name);
        assert.ok(inSchema.includes('kysely_migration'), 'the bookkeeping lives in the schema');
        // Every table is there and empty: no migration ran twice, no half-made table left behind.
        const repo = new BulkCopyRepository(databases[0]!.db);
        const kefuTables = await repo.postgresTables();
        assert.ok(kefuTables.includes('tickets') && kefuTables.includes('skills'), kefuTables.join(', '));
        for (const table of kefuTables) assert.equal(await repo.count(table), 0, table);
      } finally {
        await Promise.all(databases.map((d) => d.close()));
      }
    } finally {
      await schema.drop();
    }
  });
});
