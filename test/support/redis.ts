// Redis for the tests that share rate limits: the machine's server (KEFU_TEST_REDIS, default redis://127.0.0.1:6379;
// never stopped by a test), and private servers on free ports that a test may kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serversRequired } from './databases.js';

export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** The machine's Redis, as scripts/run-tests.mjs checks it. */
export const machineRedisUrl = process.env.KEFU_TEST_REDIS || 'redis://127.0.0.1:6379';
const machineRedis = new URL(machineRedisUrl);
export const redisAnswers = await portAnswers(Number(machineRedis.port || 6379), machineRedis.hostname);

/**
 * A suite's `skip` when it needs the machine's Redis: false when Redis answers. Where the servers are required (CI,
 * or KEFU_TEST_PG given) a missing Redis throws, failing the test file instead of skipping it.
 */
export function withoutRedis(): string | false {
  if (redisAnswers) return false;
  if (serversRequired) throw new Error(`Redis is required here (KEFU_TEST_SERVERS=required) but nothing answers at ${machineRedisUrl}`);
  return `needs Redis at ${machineRedisUrl}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill). */
  restart(): Promise<void>;
  /** Kills it and removes its directory. */
  dispose(): Promise<void>;
}

/** A redis-server of this test's own, on a free port, without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kefu-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await portAnswers(port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await portAnswers(port))) throw new Error(`redis-server did not start on port ${port}`);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: start,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
