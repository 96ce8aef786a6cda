import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled script (`dist/scripts/<name>.js`) as its own process, without blocking this
 * one. Never spawnSync here: the stack under test answers from this very process, and a blocked
 * event loop lets its HTTP keep-alive timers fire late, so the next request finds its socket
 * closed under it (ECONNRESET).
 */
export function runScript(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, '..', '..', 'dist', 'scripts', `${name}.js`), ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
