import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { SECRET_VARIABLES } from '../common/secrets';
import { shutdownSettingsFromEnv } from '../common/shutdown';
import { readSupergraphSdl } from '../schema/supergraph';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  volumes?: string[];
  secrets?: string[];
  init?: boolean;
  stop_grace_period?: string;
  ports?: string[];
}

const ROOT = path.join(__dirname, '..');
/** Services from other images: the database, the balancer and Redis. */
const INFRA = new Set(['mysql', 'lb', 'redis']);
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string }>;
};

/** The lines of one HAProxy section (`backend x`), up to the next blank line. */
function haproxySection(cfg: string, header: string): string {
  const start = cfg.indexOf(`\n${header}\n`);
  if (start < 0) return '';
  const body = cfg.slice(start + header.length + 2);
  const end = body.indexOf('\n\n');
  return end < 0 ? body : body.slice(0, end);
}

/** name -> URL as the supergraph records them (`join__Graph` values). */
function supergraphSubgraphs(): Map<string, URL> {
  const graphs = new Map<string, URL>();
  for (const m of readSupergraphSdl().matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g))
    graphs.set(m[1], new URL(m[2]));
  return graphs;
}

describe('docker-compose.yml', () => {
  const services = compose.services;
  const graphs = supergraphSubgraphs();

  it('runs MySQL 8.4 with a health check', () => {
    expect(services.mysql.image).toBe('mysql:8.4');
    expect(services.mysql.healthcheck?.test?.join(' ')).toContain('mysqladmin');
  });

  it('has, for every subgraph of the supergraph, a service on the same port that the gateway is pointed at', () => {
    expect([...graphs.keys()].sort()).toEqual(['billing', 'profile', 'requests', 'sessions', 'support']);
    const gatewayEnv = services.gateway.environment ?? {};
    for (const [name, url] of graphs) {
      const service = services[name];
      expect(service).toBeDefined();
      expect(service.command).toEqual(['node', `dist/subgraphs/${name}/main.js`]);
      expect(service.environment?.PORT).toBe(url.port);
      expect(service.environment?.DB).toBe('mysql');
      expect(service.healthcheck?.test?.join(' ')).toContain(`localhost:${url.port}/ready`);
      const pointed = new URL(gatewayEnv[`${name.toUpperCase()}_URL`]);
      // requests has two replicas: the gateway reaches them through the balancer's second pool.
      expect(pointed.hostname).toBe(name === 'requests' ? 'lb' : name);
      expect(pointed.port).toBe(url.port);
      expect(pointed.pathname).toBe(url.pathname);
      expect(services.gateway.depends_on?.[name]?.condition).toBe('service_healthy');
    }
  });

  it('sends mail from the requests service through the SMTP server it is given, and nowhere else', () => {
    expect(services.requests.environment?.SMTP_URL_FILE).toBe('/run/secrets/smtp_url');
    expect(services.requests.secrets).toContain('smtp_url');
    for (const s of Object.values(services))
      if (s.command?.[1] !== 'dist/subgraphs/requests/main.js') expect(s.environment?.SMTP_URL_FILE).toBeUndefined();
  });

  it("O9, V8: the requests service builds packages through the gateway, with the callers' key, into a volume every replica shares", () => {
    const env = services.requests.environment ?? {};
    expect(env.PACKAGE_DIR).toBe('/packages');
    expect(new URL(env.GATEWAY_URL).hostname).toBe('gateway');
    expect(env.AUTH_JWT_SECRET_FILE).toBe('/run/secrets/auth_jwt_secret');
    expect(services.requests.volumes).toContain(`packages:${env.PACKAGE_DIR}`);
    expect(Object.keys(compose.volumes ?? {})).toContain('packages');
  });

  it('builds every service from one image, with a health check each, and commits no secret', () => {
    const app = Object.entries(services).filter(([name]) => !INFRA.has(name));
    expect(new Set(app.map(([, s]) => s.image))).toEqual(new Set(['data-subject-gateway:latest']));
    for (const [, s] of app) expect(s.healthcheck?.test).toBeDefined();
    // Secrets only as files: never a value, nor a ${VAR} that would put one in `docker inspect`.
    for (const [name, s] of Object.entries(services))
      for (const secret of SECRET_VARIABLES) {
        const value = s.environment?.[secret];
        // A Redis URL without a password is configuration (decision 164); with one it is a secret.
        if (secret === 'REDIS_URL' && value !== undefined) expect(new URL(value).password).toBe('');
        else expect([name, value]).toEqual([name, undefined]);
      }
    for (const [, s] of app) {
      expect(s.environment?.INTERNAL_TOKEN_SECRET_FILE).toBe('/run/secrets/internal_token_secret');
      expect(s.secrets).toContain('internal_token_secret');
    }
    expect(services.gateway.environment?.AUTH_JWT_SECRET_FILE).toBe('/run/secrets/auth_jwt_secret');
    expect(services.mysql.environment?.MYSQL_ROOT_PASSWORD_FILE).toBe('/run/secrets/mysql_root_password');
    // The health check used to carry the root password on its command line.
    expect(services.mysql.healthcheck?.test?.join(' ')).not.toMatch(/-p|password/i);
  });

  it('declares each secret a service mounts as a file under ./secrets/, which deploy/make-secrets.sh creates (all but smtp_url)', () => {
    const declared = compose.secrets ?? {};
    const used = new Set(Object.values(services).flatMap((s) => s.secrets ?? []));
    expect([...used].sort()).toEqual(Object.keys(declared).sort());
    for (const [name, d] of Object.entries(declared)) expect(d.file).toBe(`./secrets/${name}`);
    // Every *_FILE a service is given points at a secret it mounts.
    for (const [name, s] of Object.entries(services))
      for (const [variable, value] of Object.entries(s.environment ?? {}))
        if (variable.endsWith('_FILE'))
          expect([name, variable, s.secrets]).toEqual([name, variable, expect.arrayContaining([path.basename(value)])]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-make-secrets-'));
    try {
      execFileSync('sh', [path.join(ROOT, 'deploy', 'make-secrets.sh'), path.join(dir, 'secrets')], { stdio: 'pipe' });
      const made = fs.readdirSync(path.join(dir, 'secrets')).sort();
      expect(made).toEqual(
        Object.keys(declared)
          .filter((n) => n !== 'smtp_url')
          .sort(),
      );
      for (const file of made)
        expect(fs.readFileSync(path.join(dir, 'secrets', file), 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each subgraph a database user of its own, with its own password, and the gateway none', () => {
    const users = new Set<string>();
    for (const name of graphs.keys()) {
      const env = services[name].environment ?? {};
      expect(env.MYSQL_USER).toBe(`dsg_${name}`);
      expect(env.MYSQL_PASSWORD_FILE).toBe(`/run/secrets/mysql_${name}_password`);
      expect((services[name].secrets ?? []).filter((s) => s.startsWith('mysql_'))).toEqual([`mysql_${name}_password`]);
      users.add(env.MYSQL_USER);
    }
    expect(users.size).toBe(graphs.size);
    expect(Object.keys(services.gateway.environment ?? {}).filter((v) => v.startsWith('MYSQL_'))).toEqual([]);
  });

  it("creates those users on MySQL's first start, each granted its own database only (01-users.sh)", () => {
    expect(services.mysql.volumes).toContain('./deploy/mysql-init:/docker-entrypoint-initdb.d:ro');
    for (const name of graphs.keys()) expect(services.mysql.secrets).toContain(`mysql_${name}_password`);
    // The SQL the script sends, captured instead of run (test/mysql-init.e2e.test.ts runs it on MariaDB).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-init-sql-'));
    try {
      for (const name of graphs.keys()) fs.writeFileSync(path.join(dir, `mysql_${name}_password`), `pw-${name}\n`);
      const sql = execFileSync(
        'bash',
        [
          '--norc',
          '-c',
          'docker_process_sql() { cat; }; set -eo pipefail; . "$0"',
          path.join(ROOT, 'deploy', 'mysql-init', '01-users.sh'),
        ],
        { env: { PATH: process.env.PATH, DSG_SECRETS_DIR: dir }, encoding: 'utf8' },
      );
      const grants = [...sql.matchAll(/^GRANT (.+) ON (\S+) TO '([^']+)'@'%';$/gm)].map((m) => ({
        privileges: m[1].split(', ').sort(),
        on: m[2],
        user: m[3],
      }));
      expect(grants.map((g) => g.user).sort()).toEqual([...graphs.keys()].map((n) => `dsg_${n}`).sort());
      for (const g of grants) {
        // Its own database, `_` escaped (unescaped it matches any character); no global or admin privilege.
        expect(g.on).toBe(`\`${g.user.replace(/_/g, '\\_')}\`.*`);
        expect(g.privileges).toEqual([
          'ALTER',
          'CREATE',
          'DELETE',
          'INDEX',
          'INSERT',
          'REFERENCES',
          'SELECT',
          'UPDATE',
        ]);
      }
      for (const name of graphs.keys()) expect(sql).toContain(`IDENTIFIED BY 'pw-${name}';`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops gracefully: an init as PID 1, and a stop period longer than the drain and the cleanup after it', () => {
    const { graceMs } = shutdownSettingsFromEnv({});
    for (const [name, s] of Object.entries(services)) {
      if (INFRA.has(name)) continue;
      expect(s.init).toBe(true);
      expect(Number(/^(\d+)s$/.exec(s.stop_grace_period ?? '')?.[1]) * 1000).toBeGreaterThan(2 * graceMs);
    }
  });

  it('has entry points that exist in the source tree', () => {
    for (const [name, s] of Object.entries(services)) {
      if (INFRA.has(name)) continue;
      const entry = (s.command ?? [])[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(fs.existsSync(path.join(__dirname, '..', entry))).toBe(true);
    }
  });

  it('runs two gateways behind a load balancer that checks both on /ready', () => {
    const gateways = Object.entries(services).filter(([, s]) => s.command?.[1] === 'dist/gateway/main.js');
    expect(gateways.map(([n]) => n).sort()).toEqual(['gateway', 'gateway-2']);
    const lb = services.lb;
    expect(lb.image).toMatch(/^haproxy:/);
    expect(lb.ports).toEqual(['4000:4000']);
    for (const [name, s] of gateways) {
      expect(lb.depends_on?.[name]?.condition).toBe('service_healthy');
      expect(s.ports).toBeUndefined();
      expect(s.healthcheck?.test?.join(' ')).toContain('localhost:4000/ready');
    }
    const mount = (lb.volumes ?? []).find((v) => v.endsWith(':/usr/local/etc/haproxy/haproxy.cfg:ro')) ?? '';
    const cfg = fs.readFileSync(path.join(ROOT, mount.split(':')[0]), 'utf8');
    const gatewayPool = haproxySection(cfg, 'backend gateway_pool');
    expect(gatewayPool).toContain('option httpchk GET /ready');
    for (const [name] of gateways) expect(gatewayPool).toMatch(new RegExp(`server \\S+ ${name}:4000\\b`));
    expect(cfg).toMatch(/default-server [^\n]*\bcheck\b/);
  });

  it('runs two requests replicas on the one requests database and user, reached through the balancer', () => {
    const replicas = Object.entries(services).filter(([, s]) => s.command?.[1] === 'dist/subgraphs/requests/main.js');
    expect(replicas.map(([n]) => n).sort()).toEqual(['requests', 'requests-2']);
    for (const [, s] of replicas) {
      expect(s.environment?.MYSQL_USER).toBe('dsg_requests');
      expect(s.environment?.MYSQL_HOST).toBe('mysql');
      expect(s.environment?.MYSQL_PASSWORD_FILE).toBe('/run/secrets/mysql_requests_password');
      expect(s.volumes).toContain('packages:/packages');
      expect(s.healthcheck?.test?.join(' ')).toContain('localhost:4005/ready');
    }
    const cfg = fs.readFileSync(path.join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg'), 'utf8');
    const pool = haproxySection(cfg, 'backend requests_pool');
    expect(pool).toContain('option httpchk GET /ready');
    for (const [name] of replicas) expect(pool).toMatch(new RegExp(`server \\S+ ${name}:4005\\b`));
    expect(/\nfrontend requests\n\s*bind :(\d+)/.exec(cfg)?.[1]).toBe('4005');
    for (const [name, s] of Object.entries(services))
      if (s.command?.[1] === 'dist/gateway/main.js') {
        expect([name, s.environment?.REQUESTS_URL]).toEqual([name, 'http://lb:4005/graphql']);
        expect(s.depends_on?.['requests-2']?.condition).toBe('service_healthy');
      }
  });

  it('runs Redis with a health check, and gives every gateway its URL as plain configuration', () => {
    expect(services.redis.image).toMatch(/^redis:/);
    expect(services.redis.healthcheck?.test?.join(' ')).toContain('redis-cli ping');
    for (const [, s] of Object.entries(services))
      if (s.command?.[1] === 'dist/gateway/main.js') {
        expect(new URL(s.environment?.REDIS_URL ?? 'x:').hostname).toBe('redis');
        expect(s.depends_on?.redis?.condition).toBe('service_healthy');
      }
  });

  it('lets the balancer drop a stopping replica before its port closes, within the stop period', () => {
    const cfg = fs.readFileSync(path.join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg'), 'utf8');
    const check = /default-server [^\n]*\binter (\d+)s\b[^\n]*\bfall (\d+)\b/.exec(cfg);
    const dropMs = Number(check?.[1]) * 1000 * Number(check?.[2]);
    expect(dropMs).toBeGreaterThan(0);
    for (const name of ['gateway', 'gateway-2', 'requests', 'requests-2']) {
      const s = services[name];
      const { delayMs, graceMs } = shutdownSettingsFromEnv(s.environment ?? {});
      expect([name, delayMs > dropMs]).toEqual([name, true]);
      const stopMs = Number(/^(\d+)s$/.exec(s.stop_grace_period ?? '')?.[1]) * 1000;
      expect([name, stopMs > delayMs + 2 * graceMs]).toEqual([name, true]);
    }
  });
});
