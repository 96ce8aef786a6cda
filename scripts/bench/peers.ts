/**
 * The peer gateways of the throughput section: Hive Gateway with its JavaScript planner, and with
 * the Rust query planner of `@graphql-hive/router-runtime`, each its own process serving the
 * committed supergraph over our subgraph processes. They are installed for the benchmark only,
 * into bench/peers (pinned, with its own package-lock.json), on first use: never a dependency of
 * the product.
 *
 * Our subgraphs answer only a call that carries an internal token for them (common/internal-token.ts),
 * which our gateway mints per request. A peer cannot: the bench mints one token per subgraph for
 * its own lifetime, with the identity our gateway gives the bench's `service` caller, and the peer
 * sends it on every call to that subgraph (Hive's `propagateHeaders`, bench/peers/gateway.mjs).
 * The subgraphs verify it as they verify ours; nothing in them changes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { secretKey, signInternalToken } from '../../common/internal-token';
import { log } from './cli';
import { logPath, ROOT, spawnNode, waitReady, type BenchProcess } from './processes';

export const PEERS = ['hive-js', 'hive-rust'] as const;
export type PeerName = (typeof PEERS)[number];

export const PEER_DIR = path.join(ROOT, 'bench', 'peers');
const PEER_READY_MS = 120_000;
/** The bench's lifetime and then some: a peer holds its tokens from start to end. */
const PEER_TOKEN_TTL_SECONDS = 4 * 3600;

interface PeerPackage {
  dependencies: Record<string, string>;
}

/** The pinned versions, as bench/peers/package.json states them (for the report). */
export function peerVersions(): Record<string, string> {
  return (JSON.parse(fs.readFileSync(path.join(PEER_DIR, 'package.json'), 'utf8')) as PeerPackage).dependencies;
}

/** `npm ci` into bench/peers unless the pinned versions are there already. */
export function ensurePeersInstalled(): void {
  const installed = Object.entries(peerVersions()).every(([name, version]) => {
    const file = path.join(PEER_DIR, 'node_modules', name, 'package.json');
    return (
      fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version === version
    );
  });
  if (installed) return;
  log('installing the peer gateways into bench/peers (npm ci, first use only)...');
  // No install scripts: the Rust planner is a prebuilt binary package picked by npm, nothing to build.
  execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * The committed supergraph, with each subgraph's URL the one its process listens on, in a file of
 * the peer's own: Hive watches its supergraph file, and a peer that read the other's being
 * rewritten (truncated, then written) read a half file and exited ("Unterminated string").
 */
export function peerSupergraph(dir: string, urls: Record<SubgraphName, string>, peer: PeerName): string {
  let sdl = fs.readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPH_NAMES) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`);
    if (!pattern.test(sdl)) throw new Error(`schema/supergraph.graphql has no join__graph for ${name}`);
    sdl = sdl.replace(pattern, `$1${urls[name]}$2`);
  }
  const file = path.join(dir, `supergraph.${peer}.graphql`);
  fs.writeFileSync(file, sdl);
  return file;
}

/**
 * One internal token per subgraph, as our gateway would mint for the bench's `service` caller
 * (same claims; one request id for the whole run, since a peer cannot mint one per request).
 */
export async function peerTokens(internalSecret: string): Promise<Record<SubgraphName, string>> {
  const key = secretKey(internalSecret, 'INTERNAL_TOKEN_SECRET');
  const entries = await Promise.all(
    SUBGRAPH_NAMES.map(
      async (name) =>
        [
          name,
          await signInternalToken(
            key,
            name,
            { principal: { sub: 'bench', roles: ['service'] }, requestId: 'bench-throughput-peer' },
            PEER_TOKEN_TTL_SECONDS,
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<SubgraphName, string>;
}

export interface PeerSetup {
  dir: string;
  internalSecret: string;
  subgraphUrls: Record<SubgraphName, string>;
}

/** Starts one peer on `port` and waits until it has loaded the supergraph (`/readiness`). */
export async function startPeer(peer: PeerName, port: number, setup: PeerSetup): Promise<BenchProcess> {
  ensurePeersInstalled();
  const supergraph = peerSupergraph(setup.dir, setup.subgraphUrls, peer);
  const bin = path.join(PEER_DIR, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const args = [bin, 'supergraph', supergraph, '--config-path', path.join(PEER_DIR, 'gateway.mjs')];
  const proc = spawnNode(peer, port, peer === 'hive-rust' ? [...args, '--hive-router-runtime'] : args, {
    cwd: PEER_DIR,
    // Exactly this: Hive reads many variables (FORK, JIT, HIVE_*...), and none of the developer's may leak in.
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      BENCH_SUBGRAPH_TOKENS: JSON.stringify(await peerTokens(setup.internalSecret)),
    },
    logFile: logPath(setup.dir, peer),
  });
  await waitReady(proc, `http://127.0.0.1:${port}/readiness`, PEER_READY_MS);
  return proc;
}
