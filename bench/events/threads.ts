// Worker threads running a TypeScript module of the benchmark: the sources run through tsx, which a worker does not
// inherit from the thread that started it, so a small script registers it first.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

const tsx = import.meta.resolve('tsx/esm/api');

/** Starts `entry` (a file URL) on a thread of its own; it reads its settings from workerData.settings. */
export function startThread(entry: URL, settings: unknown): Worker {
  return new Worker(BOOT, { eval: true, workerData: { tsx, entry: entry.href, settings } });
}

/** The wall clock in ms with sub-ms resolution, comparable across threads and processes on this machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** The calling thread's CPU time (ms) from /proc: a process's total would count every thread of the benchmark. */
export const threadCpuMs = (): number => cpuMsOf('/proc/thread-self/stat');

/** A process's CPU time (ms), all its threads. */
export const processCpuMs = (pid: number): number => cpuMsOf(`/proc/${pid}/stat`);

function cpuMsOf(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  // utime and stime, the 14th and 15th fields of the whole line, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
