/**
 * Services as operating-system processes for the throughput section: each started the way
 * production starts it (`node <file>`, configured by its environment only), its output in a log
 * file of its own (grepped for deadlocks afterwards), its CPU time read from /proc.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../common/errors';

const STOP_GRACE_MS = 5000;
/** The repository: dist/scripts/bench/ is three folders below it. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface BenchProcess {
  name: string;
  port: number;
  pid: number;
  child: ChildProcess;
  logFile: string;
  exited: Promise<void>;
  /** Set once it has exited (a crash during the run fails the bench). */
  exit?: string;
}

/** Every child of the bench, killed if the bench itself exits without stopping them. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** `node <args>` with exactly `env`; stdout and stderr appended to `logFile`. */
export function spawnNode(
  name: string,
  port: number,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string },
): BenchProcess {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`${name} could not be spawned`);
  live.add(child);
  const proc: BenchProcess = { name, port, pid: child.pid, child, logFile: options.logFile, exited: Promise.resolve() };
  proc.exited = new Promise<void>((resolve) =>
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      live.delete(child);
      proc.exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    }),
  );
  return proc;
}

/** The last lines of a process's log, for an error message. */
export function tail(proc: BenchProcess, lines = 30): string {
  const text = fs.existsSync(proc.logFile) ? fs.readFileSync(proc.logFile, 'utf8') : '';
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls `url` until it answers 200; fails early, with its log, if the process exits. */
export async function waitReady(proc: BenchProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (proc.exit) throw new Error(`${proc.name} ${proc.exit} before it was ready:\n${tail(proc)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = errorMessage(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} not ready on ${url} after ${timeoutMs} ms (last: ${last}):\n${tail(proc)}`);
}

/** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. */
export async function stopProcess(proc: BenchProcess): Promise<void> {
  if (proc.exit) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
  await proc.exited;
  clearTimeout(timer);
}

let ticksPerSecond: number | undefined;
/** The kernel's clock ticks per second (utime and stime are counted in them); 100 on Linux almost always. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system, ms) a process has used since it started: /proc/<pid>/stat fields 14 and 15. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Lines of a log that speak of a deadlock (InnoDB's ER_LOCK_DEADLOCK, or the word itself). */
export function deadlockLines(proc: BenchProcess): string[] {
  if (!fs.existsSync(proc.logFile)) return [];
  return fs
    .readFileSync(proc.logFile, 'utf8')
    .split('\n')
    .filter((line) => /deadlock|ER_LOCK_DEADLOCK/i.test(line));
}

export const logPath = (dir: string, name: string): string => path.join(dir, `${name}.log`);
