// Statements of the ticket write path built and compiled by Kysely once per dialect, then run with each call's values.
// Building a statement with Kysely's builder and compiling it costs about as much as SQLite running a small one
// (16 % of the write path's CPU, docs/benchmarks.md "Whole ticket lives"); a statement whose shape never changes
// need not pay it on every call. Kysely has no prepared-statement API of its own: the statement is built once with
// a placeholder standing for each value, and the placeholders are found again among the compiled parameters.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './executor.js';

/** Stands for a call's value while the statement is compiled; Kysely passes it through as an opaque parameter. */
class Slot {
  constructor(readonly name: string) {}
}

/** The named values of a call, as placeholders typed like the values they stand for. */
export type Slots<P> = { readonly [K in keyof P]: P[K] };

interface Compiled {
  sql: string;
  /** Each parameter: the name of a call's value, or a constant the builder wrote in. */
  parameters: readonly (Slot | unknown)[];
}

/**
 * A statement of fixed shape: `build` gets placeholders for the named values and must use each only as a value
 * (not to decide the statement's shape: it runs once per dialect, never with the real values). The placeholders'
 * object has no keys of its own: spreading it or handing it whole to `values()` sees nothing, so name each value.
 */
export class Prepared<P extends Record<string, unknown>, R> {
  private readonly byDialect = new Map<unknown, Compiled>();

  constructor(private readonly build: (db: Executor, values: Slots<P>) => Compilable<R>) {}

  async execute(db: Executor, values: P): Promise<R[]> {
    // One adapter class is one dialect: the same SQL for every database of it.
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = this.byDialect.get(adapter);
    if (compiled === undefined) {
      const slots = new Proxy({} as Slots<P>, { get: (_, name) => new Slot(String(name)) });
      const query = this.build(db, slots).compile();
      compiled = { sql: query.sql, parameters: query.parameters };
      this.byDialect.set(adapter, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? values[p.name] : p));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  }

  async first(db: Executor, values: P): Promise<R | undefined> {
    return (await this.execute(db, values))[0];
  }
}

/** A statement prepared once per dialect (see Prepared). */
export function prepared<P extends Record<string, unknown>, R>(build: (db: Executor, values: Slots<P>) => Compilable<R>): Prepared<P, R> {
  return new Prepared(build);
}

/** Shapes kept per family: a family whose shapes keep coming (it should not) builds the rest on every call. */
const SHAPES_KEPT = 256;

/**
 * Statements of a few shapes (which columns an UPDATE sets, how many values an `in` list takes): one Prepared per
 * shape, made on its first use. `build(shape)` answers the statement of that shape; `key(shape)` names it.
 */
export class PreparedByShape<S, P extends Record<string, unknown>, R> {
  private readonly byShape = new Map<string, Prepared<P, R>>();

  constructor(
    private readonly key: (shape: S) => string,
    private readonly build: (shape: S) => (db: Executor, values: Slots<P>) => Compilable<R>,
  ) {}

  of(shape: S): Prepared<P, R> {
    const key = this.key(shape);
    let statement = this.byShape.get(key);
    if (statement === undefined) {
      statement = new Prepared(this.build(shape));
      if (this.byShape.size < SHAPES_KEPT) this.byShape.set(key, statement);
    }
    return statement;
  }
}

/** `n` value names with one prefix (`tag0`, `tag1`, ...): the placeholders of an `in` list of a prepared shape. */
export function listSlots(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** A call's values for listSlots(prefix, values.length), added to `into`. */
export function listValues(prefix: string, values: readonly unknown[], into: Record<string, unknown>): Record<string, unknown> {
  values.forEach((value, i) => (into[`${prefix}${i}`] = value));
  return into;
}
