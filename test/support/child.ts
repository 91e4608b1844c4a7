// Runs the real `kefu` command as a child process, as a user would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const kefuBin = fileURLToPath(new URL('../../bin/kefu.js', import.meta.url));

export function runKefu(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [kefuBin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * runKefu without blocking this process: a server in this process (and the SDK receiver beside it) keeps serving
 * while the command runs.
 */
export function runKefuAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [kefuBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

export interface ServingKefu {
  child: ChildProcess;
  baseUrl: string;
  stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `kefu serve` on a free port and resolves once it listens (its log line names the address). */
export function serveKefu(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServingKefu> {
  const child = spawn(process.execPath, [kefuBin, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // A minute: on a loaded machine, tsx compiling the sources alone has taken more than 30 s.
    const timer = setTimeout(() => reject(new Error(`kefu serve did not start:\n${out}\n${err}`)), 60_000);
    const check = () => {
      const match = /kefu listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({
        child,
        baseUrl: match[1],
        stdout: () => out,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kefu serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}
