// The benchmark's database: the bench world (bench/world.ts) with a million generated tickets, built once and
// cached. The cache is keyed by the sources that shape its contents, so a changed migration builds a new one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.js';
import { loadFixture } from '../src/fixtures/load-fixture.js';
import { Store } from '../src/services/store.js';
import { benchWorld } from './world.js';

export const root = fileURLToPath(new URL('../', import.meta.url));
const cacheDir = join(root, 'bench', '.cache');
/** The generated year ends here, so every build of the database holds the same tickets. */
export const BENCH_UNTIL = Date.parse('2026-11-20T00:00:00Z');
const SEED = 42;

export interface BenchDatabase {
  /** What `kefu serve --db` is given. */
  target: string;
  label: string;
}

function sourcesHash(tickets: number): string {
  const hash = createHash('sha256').update(String(tickets));
  const files = [
    ...readdirSync(join(root, 'src/db/migrations')).map((f) => join('src/db/migrations', f)),
    'src/cli/generate.ts',
    'src/fixtures/ticket-generator.ts',
    'src/repositories/ticket-rows.ts',
    'bench/world.ts',
  ].sort();
  for (const file of files) hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 12);
}

function generate(target: string, tickets: number): void {
  const until = new Date(BENCH_UNTIL).toISOString();
  const args = ['bin/kefu.js', 'generate', '--db', target, '--tickets', String(tickets), '--seed', String(SEED), '--until', until];
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`kefu generate failed (exit ${run.status})`);
}

export async function sqliteBenchDatabase(tickets: number): Promise<BenchDatabase> {
  const file = join(cacheDir, `kefu-${tickets}-${sourcesHash(tickets)}.db`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    const building = `${file}.building`;
    for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
    process.stdout.write(`building ${file} (cached for later runs)\n`);
    const database = await openDatabase(building);
    await loadFixture(new Store(database), benchWorld(), BENCH_UNTIL);
    await database.close();
    generate(building, tickets);
    // Closing the last connection checkpoints the WAL into the file: the file alone is the database.
    renameSync(building, file);
  }
  return { target: file, label: `SQLite ${file.slice(root.length)}` };
}

/** PostgreSQL: a schema of its own in the given database, kept between runs like the SQLite file. */
export async function postgresBenchDatabase(url: string, tickets: number): Promise<BenchDatabase> {
  const schema = `kefu_bench_${sourcesHash(tickets)}`;
  const target = new URL(url);
  target.searchParams.set('options', `-c search_path=${schema}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const exists = (await admin.query('select 1 from information_schema.schemata where schema_name = $1', [schema])).rowCount === 1;
  if (!exists) {
    process.stdout.write(`building schema ${schema} (kept for later runs)\n`);
    await admin.query(`create schema ${schema}`);
    try {
      const database = await openDatabase(url, { pgSchema: schema });
      await loadFixture(new Store(database), benchWorld(), BENCH_UNTIL);
      await database.close();
      generate(target.toString(), tickets);
    } catch (e) {
      await admin.query(`drop schema ${schema} cascade`);
      throw e;
    }
  }
  await admin.end();
  return { target: target.toString(), label: `PostgreSQL schema ${schema}` };
}

export const cachePath = (name: string) => join(cacheDir, name);
export const ensureDir = (file: string) => mkdirSync(dirname(file), { recursive: true });
