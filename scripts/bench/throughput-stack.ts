/**
 * The throughput section's stack: the five subgraphs and our gateway, each its own `node dist/...`
 * process on MariaDB as production runs them (NODE_ENV=production, configured by the environment),
 * seeded on their first start into databases of the bench's own; then the peer gateways
 * (peers.ts) in front of the same subgraph processes. Torn down whatever happened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { signCallerToken } from '../../common/caller-token';
import { SUBGRAPH_NAMES, dbConfigEnv, dbConfigFromEnv, subgraphUrlVariable, type DbConfig } from '../../common/config';
import { dropMysqlDatabases, listMysqlDatabases } from '../../common/datasource';
import { errorMessage } from '../../common/errors';
import { log } from './cli';
import type { GatewayTarget } from './client';
import { startPeer, PEERS, type PeerName } from './peers';
import { freePorts } from '../free-ports';
import { logPath, ROOT, spawnNode, stopProcess, waitReady, type BenchProcess } from './processes';
import { BENCH_NOW } from './stack';

/** Not the other sections' prefix: their start drops leftover `dsg_bench_*` databases, which these would be. */
export const THROUGHPUT_PREFIX = 'dsg_tput';
/** Seeding 2000 subjects on a loaded machine, six processes at once, takes its time. */
const READY_TIMEOUT_MS = 600_000;
/** Far above anything the load asks: the per-caller limits would only measure themselves. */
const NO_LIMIT = String(1_000_000_000);

export type GatewayName = 'ours' | PeerName;
export const GATEWAYS: readonly GatewayName[] = ['ours', ...PEERS];

export interface ThroughputStack {
  cfg: DbConfig;
  /** Logs of every process, the peers' supergraph: removed at the end. */
  dir: string;
  subgraphs: BenchProcess[];
  gateways: Partial<Record<GatewayName, BenchProcess>>;
  urls: Partial<Record<GatewayName, string>>;
  /** A `service` token (export tooling) and a `dpo` token, signed with the bench's caller key. */
  service?: string;
  dpo?: string;
}

export function newThroughputStack(): ThroughputStack {
  const base = dbConfigFromEnv();
  return {
    cfg: { ...base, kind: 'mysql', databasePrefix: THROUGHPUT_PREFIX },
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-throughput-')),
    subgraphs: [],
    gateways: {},
    urls: {},
  };
}

export const target = (stack: ThroughputStack, gateway: GatewayName, as: 'service' | 'dpo'): GatewayTarget => {
  const url = stack.urls[gateway];
  const token = stack[as];
  if (!url || !token) throw new Error(`${gateway} is not running`);
  return { url, token };
};

const listOwn = (cfg: DbConfig): Promise<string[]> => listMysqlDatabases(cfg, THROUGHPUT_PREFIX);

function serviceEnv(stack: ThroughputStack, subjects: number, secrets: { caller: string; internal: string }) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    ...dbConfigEnv({ ...stack.cfg, kind: 'mysql', databasePrefix: THROUGHPUT_PREFIX, sqliteDir: stack.dir }),
    SEED_SUBJECTS: String(subjects),
    SEED_NOW: BENCH_NOW.toISOString().slice(0, 10),
    SEED_DESK_CASES: 'off',
    INTERNAL_TOKEN_SECRET: secrets.internal,
    AUTH_JWT_SECRET: secrets.caller,
    LIMIT_REQUESTS_PER_MINUTE: NO_LIMIT,
    LIMIT_EXPORTS_PER_MINUTE: NO_LIMIT,
    RETENTION_SCHEDULE: 'off',
    APOLLO_TELEMETRY_DISABLED: '1',
  };
}

export interface StackOptions {
  /** Start the peer gateways too (false: ours alone, for the rights loads). */
  peers: boolean;
  /** Every service writes a V8 CPU profile into `<cpuProf>/<name>/` when it stops (null: none). */
  cpuProf: string | null;
}

/** Node's flags for one service: its CPU profile when profiling (Node 20 refuses them in NODE_OPTIONS). */
function nodeFlags(name: string, cpuProf: string | null): string[] {
  if (!cpuProf) return [];
  const dir = path.join(cpuProf, name);
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', dir];
}

/** Starts the subgraphs (seeding on their first start), our gateway, then the peers. */
export async function startThroughputStack(
  stack: ThroughputStack,
  subjects: number,
  options: StackOptions = { peers: true, cpuProf: null },
): Promise<void> {
  const stale = await listOwn(stack.cfg);
  if (stale.length > 0) log(`dropping ${stale.length} leftover throughput database(s): ${stale.join(', ')}`);
  await dropMysqlDatabases(stack.cfg, stale);
  const secrets = { caller: randomBytes(32).toString('base64url'), internal: randomBytes(32).toString('base64url') };
  const peers = options.peers ? PEERS : [];
  const ports = await freePorts(SUBGRAPH_NAMES.length + 1 + peers.length);
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n, i) => [n, `http://127.0.0.1:${ports[i]}/graphql`]),
  ) as Record<(typeof SUBGRAPH_NAMES)[number], string>;
  const env = {
    ...serviceEnv(stack, subjects, secrets),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [subgraphUrlVariable(n), subgraphUrls[n]])),
  };
  log(`starting the five subgraphs as processes, each seeding ${subjects} subjects on MariaDB...`);
  const started = Date.now();
  SUBGRAPH_NAMES.forEach((name, i) => {
    stack.subgraphs.push(
      spawnNode(
        name,
        ports[i],
        [...nodeFlags(name, options.cpuProf), path.join('dist', 'subgraphs', name, 'main.js')],
        {
          cwd: ROOT,
          env: { ...env, PORT: String(ports[i]) },
          logFile: logPath(stack.dir, name),
        },
      ),
    );
  });
  await Promise.all(stack.subgraphs.map((p) => waitReady(p, `http://127.0.0.1:${p.port}/health`, READY_TIMEOUT_MS)));
  log(`  subgraphs ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const gwPort = ports[SUBGRAPH_NAMES.length];
  const gateway = spawnNode(
    'gateway',
    gwPort,
    [...nodeFlags('gateway', options.cpuProf), path.join('dist', 'gateway', 'main.js')],
    {
      cwd: ROOT,
      env: { ...env, PORT: String(gwPort) },
      logFile: logPath(stack.dir, 'gateway'),
    },
  );
  stack.gateways.ours = gateway;
  await waitReady(gateway, `http://127.0.0.1:${gwPort}/health`, READY_TIMEOUT_MS);
  stack.urls.ours = `http://127.0.0.1:${gwPort}/graphql`;
  const key = { kind: 'secret' as const, secret: secrets.caller };
  stack.service = await signCallerToken({ sub: 'bench', roles: ['service'] }, { key, expiresIn: '12h' });
  stack.dpo = await signCallerToken({ sub: 'bench-dpo', roles: ['dpo'] }, { key, expiresIn: '12h' });
  for (const [i, peer] of peers.entries()) {
    const port = ports[SUBGRAPH_NAMES.length + 1 + i];
    log(`starting ${peer} on the same subgraphs...`);
    const proc = await startPeer(peer, port, { dir: stack.dir, internalSecret: secrets.internal, subgraphUrls });
    stack.gateways[peer] = proc;
    stack.urls[peer] = `http://127.0.0.1:${port}/graphql`;
  }
}

/** Every process that served the load: the gateways and the subgraphs. */
export const allProcesses = (stack: ThroughputStack): BenchProcess[] => [
  ...GATEWAYS.flatMap((g) => (stack.gateways[g] ? [stack.gateways[g]] : [])),
  ...stack.subgraphs,
];

/** A process that died during the run fails the bench: its numbers would be another stack's. */
export function assertAlive(stack: ThroughputStack): void {
  const dead = allProcesses(stack).filter((p) => p.exit);
  if (dead.length > 0) throw new Error(`${dead.map((p) => `${p.name} ${p.exit}`).join(', ')} during the run`);
}

/** Safe to call twice: each part is released once; failures are only reported. */
export async function teardownThroughput(stack: ThroughputStack, keepLogs = false): Promise<void> {
  const procs = allProcesses(stack);
  stack.gateways = {};
  stack.subgraphs = [];
  await Promise.all(procs.map((p) => stopProcess(p)));
  try {
    await dropMysqlDatabases(stack.cfg, await listOwn(stack.cfg));
  } catch (error) {
    log(`cleanup: dropping the throughput databases failed: ${errorMessage(error)}`);
  }
  if (keepLogs) log(`process logs kept in ${stack.dir}`);
  else fs.rmSync(stack.dir, { recursive: true, force: true });
}
