import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readSupergraphSdl } from '../schema/supergraph';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  volumes?: string[];
}

const compose = parse(fs.readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};

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
      expect(service.healthcheck?.test?.join(' ')).toContain(`localhost:${url.port}/health`);
      const pointed = new URL(gatewayEnv[`${name.toUpperCase()}_URL`]);
      expect(pointed.hostname).toBe(name);
      expect(pointed.port).toBe(url.port);
      expect(pointed.pathname).toBe(url.pathname);
      expect(services.gateway.depends_on?.[name]?.condition).toBe('service_healthy');
    }
  });

  it('sends mail from the requests service through the SMTP server it is given, and nowhere else', () => {
    expect(services.requests.environment?.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
    for (const [name, s] of Object.entries(services))
      if (name !== 'requests') expect(s.environment?.SMTP_URL).toBeUndefined();
  });

  it("O9, V8: the requests service builds packages through the gateway, with the callers' key, into a volume every replica shares", () => {
    const env = services.requests.environment ?? {};
    expect(env.PACKAGE_DIR).toBe('/packages');
    expect(new URL(env.GATEWAY_URL).hostname).toBe('gateway');
    expect(env.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?/);
    expect(services.requests.volumes).toContain(`packages:${env.PACKAGE_DIR}`);
    expect(Object.keys(compose.volumes ?? {})).toContain('packages');
  });

  it('builds every service from one image, with a health check each, and commits no secret', () => {
    const app = Object.entries(services).filter(([name]) => name !== 'mysql');
    expect(new Set(app.map(([, s]) => s.image))).toEqual(new Set(['data-subject-gateway:latest']));
    for (const [, s] of app) expect(s.healthcheck?.test).toBeDefined();
    expect(services.profile.environment?.MYSQL_PASSWORD).toMatch(/^\$\{MYSQL_PASSWORD:\?/);
    // Keys come from the environment, and without them nothing starts (the :? form).
    for (const [, s] of app) expect(s.environment?.INTERNAL_TOKEN_SECRET).toMatch(/^\$\{INTERNAL_TOKEN_SECRET:\?/);
    expect(services.gateway.environment?.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?/);
  });

  it('has entry points that exist in the source tree', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'mysql') continue;
      const entry = (s.command ?? [])[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(fs.existsSync(path.join(__dirname, '..', entry))).toBe(true);
    }
  });
});
