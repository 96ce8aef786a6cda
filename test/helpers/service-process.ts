/**
 * One service as its own process (`node dist/.../main.js`), for what only a process shows: how it
 * reads its environment at start, and what it does with a signal. processes.ts starts the whole
 * stack; this starts one, with nothing else around it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServiceProcess {
  port: number;
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls `path` until it answers 200 (or the process exits, or `timeoutMs` passes). */
  waitFor(path: '/health' | '/ready', timeoutMs?: number): Promise<void>;
  /**
   * The first match of `pattern` in what it wrote, once it has written it: its log goes through
   * an asynchronous destination (decision 287), so a line can arrive after the answer it follows.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `dist/<entry>` with exactly `env` (plus PATH), on a free port given as PORT. */
export async function startServiceProcess(entry: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', APOLLO_TELEMETRY_DISABLED: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  // Nothing outlives the test file, whatever way it ends.
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    port,
    child,
    output: () => text,
    exited,
    async waitFor(route, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !done) {
        const status = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${entry} never answered 200 on ${route}:\n${text}`);
    },
    async waitForOutput(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = pattern.exec(text);
        if (found) return found;
        if (done || Date.now() > deadline) throw new Error(`${entry} never wrote ${String(pattern)}:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
