import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ScriptResult {
  status: number | null;
  /** The signal that ended the process (a test that kills it, a timeout), or null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface NodeOptions {
  /** Added to this process's environment, or (`onlyEnv`) the child's whole environment. */
  env?: NodeJS.ProcessEnv;
  onlyEnv?: boolean;
  cwd?: string;
  /** Killed (SIGTERM) after this long: a command that starts instead of failing would run forever. */
  timeoutMs?: number;
}

/** A process started by startNode: the child (to kill it) and its result once it has closed. */
export interface NodeRun {
  child: ChildProcess;
  done: Promise<ScriptResult>;
}

/** A compiled script of this repository: `dist/scripts/<name>.js` (npm test builds dist/ first). */
export function scriptPath(name: string): string {
  return path.join(__dirname, '..', '..', 'dist', 'scripts', `${name}.js`);
}

/**
 * Runs `node <args>` as its own process, without blocking this one. Never spawnSync or execSync
 * here: the stack under test answers from this very process, and a blocked event loop lets its
 * HTTP keep-alive timers fire late, so the next request finds its socket closed under it
 * (ECONNRESET).
 */
export function startNode(args: string[], options: NodeOptions = {}): NodeRun {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.onlyEnv ? options.env : { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<ScriptResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** `node <args>` to its end. */
export function runNode(args: string[], options: NodeOptions = {}): Promise<ScriptResult> {
  return startNode(args, options).done;
}

/** A compiled script (`dist/scripts/<name>.js`) to its end, with these variables added to the environment. */
export function runScript(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ScriptResult> {
  return runNode([scriptPath(name), ...args], { env });
}
