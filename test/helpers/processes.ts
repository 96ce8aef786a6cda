/**
 * The gateway and the five subgraphs as separate operating-system processes, each started from
 * dist/ the way production starts them (`node dist/.../main.js`, configured by the environment
 * only). What the in-process stack (stack.ts) cannot show needs this: a service that is stopped,
 * killed with SIGKILL mid-way, or restarted with whatever it had in memory gone.
 * dist/ must be current: `npm test` builds it before jest runs (scripts/run-tests.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  dbConfigEnv,
  SUBGRAPH_NAMES,
  subgraphUrlVariable,
  type DbConfig,
  type SubgraphName,
} from '../../common/config';
import { dropMysqlDatabases, mysqlDatabaseName } from '../../common/datasource';
import { TEST_NOW, gatewayClient, isolatedDbConfig, testSecrets, type Stack, type TokenFor } from './stack';
import { errorMessage } from '../../common/errors';
import { freePorts } from '../../scripts/free-ports';

/** A second (third...) copy of a service that runs as replicas: `requests-2`, `gateway-2`. */
export type ReplicaName = `${'requests' | 'gateway'}-${number}`;
export type ProcessName = SubgraphName | 'gateway' | ReplicaName;
/** Every process of the stack: the five subgraphs and the gateway. */
export const PROCESS_NAMES: readonly ProcessName[] = [...SUBGRAPH_NAMES, 'gateway'];

/** The copies of `requests` and `gateway` beyond the first: `requests-2`, `gateway-2`... for `replicas` of each. */
export function replicaNames(replicas: number): ReplicaName[] {
  const names: ReplicaName[] = [];
  for (let k = 2; k <= replicas; k += 1) names.push(`requests-${k}`, `gateway-${k}`);
  return names;
}

const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT_LINES = 100;
const STOP_GRACE_MS = 5000;

export interface ProcessStackOptions {
  /** Demo subjects each service seeds on its first start (SEED_SUBJECTS). */
  subjects: number;
  /** Added to (and overriding) every child's environment. */
  env?: Record<string, string>;
  /** How many of each process's last output lines output() keeps (default 100). */
  outputLines?: number;
  /** How long one process may take to answer /health (default 60 s: MySQL migrations are slow on a loaded machine). */
  readyTimeoutMs?: number;
  /**
   * How many copies of `requests` and of `gateway` (default 1). Copy k > 1 is `requests-k` and
   * `gateway-k`, on the same databases; `gateway-k` calls `requests-k` (as two pairs behind a
   * balancer would), every data subgraph is shared.
   */
  replicas?: number;
}

export interface ProcessStack {
  db: DbConfig;
  secrets: { caller: string; internal: string };
  ports: Readonly<Partial<Record<ProcessName, number>>>;
  /** Every process of this stack: PROCESS_NAMES, then the replicas. */
  names: readonly ProcessName[];
  gatewayUrl: string;
  /** POSTs a GraphQL request to the gateway process; as `dpo` unless told otherwise. */
  query: Stack['query'];
  token: TokenFor;
  /** A graceful stop: SIGTERM, then SIGKILL if it has not exited after 5 s. Resolves once it has exited. */
  stop(name: ProcessName): Promise<void>;
  /** A crash: SIGKILL, no chance to finish anything. Resolves once it has exited. */
  kill(name: ProcessName): Promise<void>;
  /**
   * SIGSTOP: the process stays, its sockets stay open, it answers nothing. A call sent to it is
   * then in flight for as long as the test wants, so a kill() lands during that call.
   */
  freeze(name: ProcessName): void;
  /** Starts it again: same port, same environment, same database. Resolves once /health answers. */
  start(name: ProcessName): Promise<void>;
  /** Whether the process is up (started and not exited; a frozen one counts as up). */
  running(name: ProcessName): boolean;
  /** The last lines the process wrote (stdout and stderr, stderr lines marked `!`), across its restarts. */
  output(name: ProcessName): string;
  /** Stops every process and removes the databases. Safe to call twice. */
  stopAll(): Promise<void>;
}

/** Every child of this jest worker, so that nothing outlives it whatever way it ends. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers may only do synchronous work: kill() is. A test that fails before its
  // afterAll, or a worker jest ends with --forceExit, still takes its children with it.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Preloaded into every child: it exits when its stdin (a pipe from this process) closes. If the
 * jest worker is itself killed (SIGKILL, OOM), no exit handler runs, but the kernel closes the
 * pipe, and the child follows instead of holding its port and database forever. It reads
 * nothing else and changes nothing in the service.
 */
const ORPHAN_GUARD = `data:text/javascript,${encodeURIComponent('process.stdin.on("end", () => process.exit(70)).on("error", () => process.exit(70)).resume();')}`;

/** The service a process runs: `requests-2` runs `requests`. */
function serviceOf(name: ProcessName): SubgraphName | 'gateway' {
  return name.replace(/-\d+$/, '') as SubgraphName | 'gateway';
}

function mainFile(name: ProcessName): string {
  const service = serviceOf(name);
  return path.join(ROOT, 'dist', service === 'gateway' ? 'gateway' : path.join('subgraphs', service), 'main.js');
}

/** The last lines of a stream, kept in memory: for error messages, never printed into jest's output. */
class Tail {
  private lines: string[] = [];
  constructor(private readonly keep = OUTPUT_LINES) {}
  private partial = new Map<string, string>();

  push(mark: string, chunk: Buffer): void {
    const text = (this.partial.get(mark) ?? '') + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial.set(mark, parts.pop() ?? '');
    for (const line of parts) this.add(`${mark}${line}`);
  }

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  text(): string {
    const pending = [...this.partial.entries()].filter(([, p]) => p).map(([mark, p]) => `${mark}${p}`);
    return [...this.lines, ...pending].join('\n');
  }
}

interface Managed {
  name: ProcessName;
  port: number;
  env: NodeJS.ProcessEnv;
  tail: Tail;
  child?: ChildProcess;
  exited?: Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

function spawnManaged(p: Managed): void {
  if (p.child) throw new Error(`${p.name} is already running`);
  p.tail.add(`-- starting ${p.name} on port ${p.port}`);
  // stdin is a pipe kept open for the orphan guard; stdout and stderr are read (a pipe nobody
  // reads would block the child once full) into the tail, never inherited into jest's output.
  const child = spawn(process.execPath, ['--import', ORPHAN_GUARD, mainFile(p.name)], {
    cwd: ROOT,
    env: p.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdout?.on('data', (chunk: Buffer) => p.tail.push('', chunk));
  child.stderr?.on('data', (chunk: Buffer) => p.tail.push('! ', chunk));
  // Writing to a dead child's stdin would raise EPIPE as an uncaught error; nothing is written, but the guard is cheap.
  child.stdin?.on('error', () => undefined);
  p.child = child;
  p.exited = new Promise<void>((resolve) => {
    let ended = false;
    const done = (how: string) => {
      if (ended) return;
      ended = true;
      live.delete(child);
      p.tail.add(`-- ${p.name} ${how}`);
      if (p.child === child) p.child = undefined;
      resolve();
    };
    // 'close', not 'exit': it comes after the last output is read, so the line saying why a
    // process died is in the tail before anyone reports it.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => done(describeExit(code, signal)));
    child.on('error', (error) => {
      // A spawn that fails (no node binary?) has no pid and never closes; a failed kill() changes nothing.
      if (child.pid === undefined) done(`could not be spawned: ${error.message}`);
      else p.tail.add(`-- ${p.name}: ${error.message}`);
    });
  });
}

/** Polls GET /health until 200; fails early if the child exits, and says what it printed. */
async function waitReady(p: Managed, timeoutMs: number): Promise<void> {
  const child = p.child;
  const url = `http://127.0.0.1:${p.port}/health`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!child || p.child !== child) throw new Error(`${p.name} exited before it was ready.\n${p.tail.text()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = errorMessage(error);
    }
    await sleep(100);
  }
  throw new Error(`${p.name} not ready on ${url} after ${timeoutMs} ms (last: ${last}).\n${p.tail.text()}`);
}

async function terminate(p: Managed, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const child = p.child;
  if (!child) return;
  child.kill(signal);
  if (signal === 'SIGTERM') {
    // A frozen process (freeze()) keeps a SIGTERM pending until it runs again.
    child.kill('SIGCONT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await p.exited;
    clearTimeout(timer);
  } else {
    await p.exited;
  }
}

/**
 * Starts the five subgraphs and the gateway as processes on free ports, on a database of their
 * own (a temp folder, or uniquely prefixed MySQL databases with DB=mysql), each seeding the demo
 * population of `subjects` laid out from TEST_NOW, and resolves once every /health answers.
 */
export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  installExitHook();
  const db = isolatedDbConfig();
  const { secrets, token } = testSecrets();
  const extra = replicaNames(options.replicas ?? 1);
  const names: ProcessName[] = [...PROCESS_NAMES, ...extra];
  const portList = await freePorts(names.length);
  const ports = Object.fromEntries(names.map((n, i) => [n, portList[i]])) as Record<ProcessName, number>;
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [subgraphUrlVariable(n), `http://127.0.0.1:${ports[n]}/graphql`]),
  );
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    ...dbConfigEnv(db),
    SEED_SUBJECTS: String(options.subjects),
    // seedOptionsFromEnv reads a date (YYYY-MM-DD) and adds T00:00:00Z itself.
    SEED_NOW: TEST_NOW.toISOString().slice(0, 10),
    // The desk's demo cases (open, failed, held requests) would add to what these tests count.
    SEED_DESK_CASES: 'off',
    INTERNAL_TOKEN_SECRET: secrets.internal,
    AUTH_JWT_SECRET: secrets.caller,
    APOLLO_TELEMETRY_DISABLED: '1',
    // The ledger's worker, fast enough that a recovery is seen within seconds.
    REQUESTS_WORKER_INTERVAL_MS: '200',
    REQUESTS_RETRY_BASE_MS: '200',
    REQUESTS_RETRY_MAX_MS: '1000',
    REQUESTS_MAX_ATTEMPTS: '50',
    ...urls,
    ...options.env,
  };
  // Another way to give a caller key would make the gateway refuse the AUTH_JWT_SECRET (keys.ts: exactly one).
  delete shared.AUTH_JWT_PUBLIC_KEY_FILE;
  delete shared.AUTH_JWKS_FILE;
  // gateway-k calls requests-k; the first gateway the first requests (REQUESTS_URL above).
  const ownRequests = (name: ProcessName): NodeJS.ProcessEnv => {
    const k = /^gateway-(\d+)$/.exec(name)?.[1];
    return k ? { REQUESTS_URL: `http://127.0.0.1:${ports[`requests-${Number(k)}`]}/graphql` } : {};
  };
  const managed = (name: ProcessName): Managed => ({
    name,
    port: ports[name],
    env: { ...shared, ...ownRequests(name), PORT: String(ports[name]) },
    tail: new Tail(options.outputLines),
  });
  const procs = Object.fromEntries(names.map((name) => [name, managed(name)])) as Record<ProcessName, Managed>;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;

  let removed = false;
  const stopAll = async (): Promise<void> => {
    await Promise.all(names.map((n) => terminate(procs[n], 'SIGTERM')));
    if (removed) return;
    removed = true;
    if (db.kind === 'mysql')
      await dropMysqlDatabases(
        db,
        SUBGRAPH_NAMES.map((n) => mysqlDatabaseName(db, n)),
      );
    fs.rmSync(db.sqliteDir, { recursive: true, force: true });
  };

  try {
    // All at once: each has its own database and the gateway reads the committed supergraph,
    // so none waits on another to start (a call to a peer not up yet is an error it handles).
    for (const name of PROCESS_NAMES) spawnManaged(procs[name]);
    await Promise.all(PROCESS_NAMES.map((n) => waitReady(procs[n], readyTimeoutMs)));
    // The replicas once the first copies have migrated and seeded the databases: two starting
    // on an empty database would race on the migrations (docs/scaling.md).
    for (const name of extra) spawnManaged(procs[name]);
    await Promise.all(extra.map((n) => waitReady(procs[n], readyTimeoutMs)));
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;

  return {
    db,
    secrets,
    ports,
    names,
    gatewayUrl,
    token,
    query: gatewayClient(gatewayUrl, token),
    stop: (name) => terminate(procs[name], 'SIGTERM'),
    kill: (name) => terminate(procs[name], 'SIGKILL'),
    freeze(name) {
      const child = procs[name].child;
      if (!child) throw new Error(`${name} is not running`);
      child.kill('SIGSTOP');
    },
    async start(name) {
      spawnManaged(procs[name]);
      try {
        await waitReady(procs[name], readyTimeoutMs);
      } catch (error) {
        await terminate(procs[name], 'SIGKILL');
        throw error;
      }
    },
    running: (name) => procs[name].child !== undefined,
    output: (name) => procs[name].tail.text(),
    stopAll,
  };
}
