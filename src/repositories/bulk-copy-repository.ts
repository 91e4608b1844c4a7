// Whole-table reads and writes for `kefu migrate-data`: a SQLite file copied into PostgreSQL, table by table.
// Table names come from the databases' own catalogues, never from user input.
import { sql, type Kysely, type Transaction } from 'kysely';

type AnyDb = Kysely<any> | Transaction<any>;

/** PostgreSQL binds at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS_PER_INSERT = 1000;

export class BulkCopyRepository {
  private readonly db: AnyDb;

  constructor(db: Kysely<any> | Transaction<any>) {
    this.db = db;
  }

  /** SQLite: Kefu's tables (not Kysely's bookkeeping), each after the tables its foreign keys point to. */
  async sqliteTablesParentsFirst(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(this.db);
    const parents = new Map<string, string[]>();
    for (const { name } of rows) {
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(this.db);
      parents.set(name, fks.rows.map((r) => r.table).filter((t) => t !== name));
    }
    const ordered: string[] = [];
    const visit = (table: string, path: string[]) => {
      if (ordered.includes(table)) return;
      if (path.includes(table)) throw new Error(`foreign keys form a cycle: ${[...path, table].join(' -> ')}`);
      for (const parent of parents.get(table) ?? []) visit(parent, [...path, table]);
      ordered.push(table);
    };
    for (const { name } of rows) visit(name, []);
    return ordered;
  }

  async sqliteColumns(table: string): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /** PostgreSQL: the tables of the schema the connection uses (its search_path), Kysely's bookkeeping aside. */
  async postgresTables(): Promise<string[]> {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(this.db);
    return rows.map((r) => r.table_name);
  }

  async postgresColumns(table: string): Promise<string[]> {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(this.db);
    return rows.map((r) => r.column_name);
  }

  async count(table: string): Promise<number> {
    const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every row of a table, in batches sized for one multi-row insert of these columns. */
  async *batches(table: string, columns: string[]): AsyncGenerator<Record<string, unknown>[]> {
    const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
    let batch: Record<string, unknown>[] = [];
    for await (const row of this.db.selectFrom(table).select(columns).stream(size)) {
      batch.push(row);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async insert(table: string, rows: Record<string, unknown>[]): Promise<void> {
    await this.db.insertInto(table).values(rows).execute();
  }

  async deleteAll(table: string): Promise<void> {
    await this.db.deleteFrom(table).execute();
  }

  /**
   * PostgreSQL: switch the table's own triggers (not its foreign keys) off or on. Rows derived by triggers, like
   * ticket_counts, are copied as they are; left on, the triggers would count every copied ticket a second time.
   * Transactional: a failed copy leaves them as they were.
   */
  async setUserTriggers(table: string, enabled: boolean): Promise<void> {
    await sql`alter table ${sql.table(table)} ${sql.raw(enabled ? 'enable' : 'disable')} trigger user`.execute(this.db);
  }

  /** PostgreSQL: move every sequence that feeds a column of the table past the largest copied value. */
  async advanceSequences(table: string): Promise<void> {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(this.db);
    for (const { column_name } of rows) {
      await sql`select setval(pg_get_serial_sequence(${table}, ${column_name}), coalesce(max(${sql.ref(column_name)}), 0) + 1, false) from ${sql.table(table)}`.execute(this.db);
    }
  }
}
