// kefu migrate-data: copy a SQLite file into PostgreSQL, every table, in one transaction, counts verified.
import { existsSync } from 'node:fs';
import type { Transaction } from 'kysely';
import { isPostgresUrl, openDatabase, redactPassword, type Database } from '../db/connect.js';
import { BulkCopyRepository } from '../repositories/bulk-copy-repository.js';
import { parseFlags, UsageError } from './options.js';

export const migrateDataHelp = `kefu migrate-data --from FILE --to URL [--replace]
                            copy a SQLite database into PostgreSQL

  --from FILE         the SQLite file (kefu serve's --db); brought to the current schema first
  --to URL            postgres://user@host:port/db (add ?options=-c%20search_path%3DNAME for a schema)
  --replace           delete what the target holds first (by default a non-empty target is refused)

Everything is copied in one transaction and each table's row count is checked before it commits: the target ends
with all of the data or none of it. Stop the Kefu processes writing to the SQLite file first.`;

export interface TableCopy {
  table: string;
  rows: number;
}

export async function migrateData(args: string[]): Promise<void> {
  const flags = parseFlags(args, { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean' } });
  if (!flags.from || !flags.to) throw new UsageError(`--from and --to are required\n\n${migrateDataHelp}`);
  if (isPostgresUrl(flags.from) || !existsSync(flags.from)) throw new UsageError(`--from must name an existing SQLite file (got ${JSON.stringify(flags.from)})`);
  if (!isPostgresUrl(flags.to)) throw new UsageError(`--to must be a postgres:// URL (got ${JSON.stringify(redactPassword(flags.to))})`);

  const started = performance.now();
  const source = await openDatabase(flags.from);
  let target: Database | undefined;
  try {
    target = await openDatabase(flags.to, { poolSize: 2 });
    const progress = process.stdout.isTTY ? (line: string) => process.stdout.write(`${line}\n`) : undefined;
    let copied: TableCopy[];
    try {
      copied = await copyDatabase(source, target, { replace: flags.replace === true, progress });
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // The copy is one transaction: whatever failed, it rolled back.
      process.stderr.write(`kefu migrate-data: ${(e as Error).message}\nnothing was written to ${target.location}\n`);
      process.exitCode = 1;
      return;
    }
    const total = copied.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(
      `${summaryTable(copied)}\ncopied ${total} rows in ${copied.length} tables from ${source.location} to ${target.location} ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s; every table's row count verified\n`,
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Copies every table of source into target in one target transaction; throws (and writes nothing) on any mismatch. */
export async function copyDatabase(
  source: Database,
  target: Database,
  options: { replace?: boolean; progress?: (line: string) => void } = {},
): Promise<TableCopy[]> {
  // One read transaction on the source: every table is read as of one moment.
  return source.db.transaction().execute((src) =>
    target.db.transaction().execute(async (dst) => {
      const from = new BulkCopyRepository(src as Transaction<any>);
      const to = new BulkCopyRepository(dst as Transaction<any>);
      const tables = await from.sqliteTablesParentsFirst();
      await checkTarget(from, to, tables, options.replace === true);

      for (const table of tables) await to.setUserTriggers(table, false);
      if (options.replace) for (const table of [...tables].reverse()) await to.deleteAll(table);

      const copied: TableCopy[] = [];
      for (const table of tables) {
        const columns = await from.sqliteColumns(table);
        let rows = 0;
        for await (const batch of from.batches(table, columns)) {
          await to.insert(table, batch);
          rows += batch.length;
        }
        const [expected, actual] = [await from.count(table), await to.count(table)];
        if (expected !== actual || rows !== expected) {
          throw new Error(`${table}: the source has ${expected} rows, ${rows} were read and the target holds ${actual}; nothing was committed`);
        }
        await to.advanceSequences(table);
        await to.setUserTriggers(table, true);
        copied.push({ table, rows });
        options.progress?.(`${table}: ${rows} rows`);
      }
      return copied;
    }),
  );
}

async function checkTarget(from: BulkCopyRepository, to: BulkCopyRepository, tables: string[], replace: boolean): Promise<void> {
  const targetTables = new Set(await to.postgresTables());
  const missing = tables.filter((t) => !targetTables.has(t));
  if (missing.length > 0) throw new UsageError(`the target has no table ${missing.join(', ')}: is it a Kefu database of the same version?`);
  for (const table of tables) {
    const targetColumns = new Set(await to.postgresColumns(table));
    const absent = (await from.sqliteColumns(table)).filter((c) => !targetColumns.has(c));
    if (absent.length > 0) throw new UsageError(`the target's ${table} has no column ${absent.join(', ')}`);
  }
  if (replace) return;
  const occupied: string[] = [];
  for (const table of tables) {
    const rows = await to.count(table);
    if (rows > 0) occupied.push(`${table} (${rows})`);
  }
  if (occupied.length > 0) throw new UsageError(`the target already holds data: ${occupied.join(', ')}. Use an empty database, or --replace to delete it first`);
}

function summaryTable(copied: TableCopy[]): string {
  const width = Math.max(5, ...copied.map((t) => t.table.length));
  return [`${'table'.padEnd(width)}  rows`, ...copied.map((t) => `${t.table.padEnd(width)}  ${t.rows}`)].join('\n');
}
