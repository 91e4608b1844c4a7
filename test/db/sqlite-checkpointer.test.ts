// kefu serve's SQLite file: the write-ahead log is copied into the database file by a worker thread, not by the
// commit that happens to take the log past SQLite's threshold.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';

const dir = mkdtempSync(join(tmpdir(), 'kefu-checkpointer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

test('with background checkpoints the commits leave the log alone, the worker copies it into the file, and closing keeps every row', async () => {
  const file = join(dir, 'kefu.db');
  const database = await openDatabase(file, { backgroundCheckpoints: true });
  const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
  assert.equal(autocheckpoint.rows[0].wal_autocheckpoint, 0, 'commits do not checkpoint');

  await sql`create table blobs (id integer primary key, v blob not null)`.execute(database.db);
  const sizeBefore = statSync(file).size;
  // 4 MB in 64 transactions: the pages are in the log first, and reach the file only through a checkpoint.
  for (let i = 0; i < 64; i++) {
    await database.db.transaction().execute((trx) => sql`insert into blobs (v) values (${Buffer.alloc(64 * 1024, i)})`.execute(trx));
  }
  await until(() => statSync(file).size >= sizeBefore + 4 * 1024 * 1024);
  assert.ok(statSync(file).size >= sizeBefore + 4 * 1024 * 1024, `the worker copied the log into the file (${statSync(file).size} bytes)`);

  await database.close();
  assert.equal(existsSync(`${file}-wal`), false, 'the last connection out checkpointed and removed the log');
  const again = await openDatabase(file);
  const count = await sql<{ n: number }>`select count(*) as n from blobs`.execute(again.db);
  assert.equal(count.rows[0].n, 64);
  await again.close();
});

test('without the option SQLite checkpoints in the commits as usual', async () => {
  const database = await openDatabase(join(dir, 'plain.db'));
  const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
  assert.equal(autocheckpoint.rows[0].wal_autocheckpoint, 1000);
  await database.close();
});
