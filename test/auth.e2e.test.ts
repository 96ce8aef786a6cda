import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type JWTPayload } from 'jose';
import { signCallerToken, signWithConfiguredKey } from '../common/caller-token';
import { SUBGRAPH_NAMES } from '../common/config';
import { demoId } from '../common/demo/random';
import {
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  callerAuthConfig,
  internalTokenSecret,
  signingKeyConfig,
  type CallerAuthConfig,
} from '../common/keys';
import { buildSubgraphServer } from '../common/subgraph-server';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { SUBGRAPHS } from '../subgraphs';
import { isolatedDbConfig, startStack, type GraphQLResponse, type Stack } from './helpers/stack';
import { runNode } from './helpers/node-script';

/**
 * The gateway's door. Every way a token can be wrong ends the same way: HTTP 401,
 * UNAUTHENTICATED, no data, and a message that repeats neither the token nor anything about
 * the person in it. RS256 gateways (a PEM public key, a JWKS) accept their own tokens and
 * refuse HS256 ones; in production nothing starts without its keys.
 */

const SUBJECT = demoId('subject', 0);
const QUERY = 'query($id: ID!) { subject(id: $id) { fullName email } }';
/** Personal data a token might carry: none of it may come back in an error message. */
const PERSON = { sub: 'jean.dupont@example.fr', subjectId: demoId('subject', 1) };

interface Answer {
  status: number;
  wwwAuthenticate: string | null;
  body: GraphQLResponse<{ subject: { fullName: string; email: string } | null }>;
}

async function ask(url: string, authorization: string | null): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
    body: JSON.stringify({ query: QUERY, variables: { id: SUBJECT } }),
  });
  return {
    status: res.status,
    wwwAuthenticate: res.headers.get('www-authenticate'),
    body: (await res.json()) as Answer['body'],
  };
}

function expectRefused(answer: Answer, leaks: readonly string[] = []): void {
  expect(answer.status).toBe(401);
  expect(answer.wwwAuthenticate).toBe('Bearer');
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors ?? [];
  expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  for (const leak of [...leaks, PERSON.sub, PERSON.subjectId, SUBJECT].filter((l) => l.length >= 4))
    expect(error.message).not.toContain(leak);
  // Nothing that looks like a JWT or one of its parts.
  expect(error.message).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
}

function expectAccepted(answer: Answer): void {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data?.subject?.fullName).toBe('Élodie Dupré-Noël');
}

const now = (): number => Math.floor(Date.now() / 1000);

/** An HS256 token with exactly these claims (registered ones included). */
function hs256(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** Sets (string) or removes (undefined) environment variables while `run` runs. */
async function withEnv<T>(changes: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(changes);
  try {
    return await run();
  } finally {
    apply(saved);
  }
}

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-auth-'));

describe('authentication at the gateway', () => {
  let stack: Stack;
  /** Extra gateways over the stack's subgraphs, each with its own way of checking callers. */
  const gateways: GatewayServer[] = [];
  const temps: string[] = [];

  async function gatewayWith(callerAuth: CallerAuthConfig): Promise<string> {
    const subgraphUrls = Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [n, `${stack.subgraphs[n].listening.url}/graphql`]),
    );
    const gateway = await buildGateway({ subgraphUrls, callerAuth, internalSecret: stack.secrets.internal });
    gateways.push(gateway);
    return `${(await gateway.listen(0)).url}/graphql`;
  }

  beforeAll(async () => {
    stack = await startStack({ subjects: 2 });
  });
  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await stack.stop();
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('HS256 (the default)', () => {
    const good = (): JWTPayload => ({
      sub: PERSON.sub,
      roles: ['dpo'],
      iss: DEFAULT_ISSUER,
      aud: DEFAULT_AUDIENCE,
      iat: now(),
      exp: now() + 600,
    });

    it('accepts a valid token (control)', async () => {
      expectAccepted(await ask(stack.gatewayUrl, `Bearer ${await hs256(good(), stack.secrets.caller)}`));
    });

    it('refuses a request without an Authorization header', async () => {
      expectRefused(await ask(stack.gatewayUrl, null));
    });

    it.each([
      ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
      ['a bare "Bearer"', 'Bearer'],
      ['two words after Bearer', 'Bearer abc def'],
      ['something that is not a JWT', 'Bearer not-a-jwt'],
      ['a token longer than any we issue', `Bearer ${'a'.repeat(9000)}`],
    ])('refuses a malformed header: %s', async (_what, header) => {
      expectRefused(await ask(stack.gatewayUrl, header), [header.slice(7, 40)]);
    });

    const cases: Array<[string, () => Promise<string>]> = [
      ['a bad signature (another secret)', () => hs256(good(), randomBytes(32).toString('base64url'))],
      [
        'a tampered payload',
        async () => {
          const [header, , signature] = (await hs256(good(), stack.secrets.caller)).split('.');
          return [
            header,
            Buffer.from(JSON.stringify({ ...good(), roles: ['dpo', 'service'] })).toString('base64url'),
            signature,
          ].join('.');
        },
      ],
      [
        'an unsigned token (alg none)',
        async () =>
          `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(good())).toString('base64url')}.`,
      ],
      ['an expired token', () => hs256({ ...good(), iat: now() - 7200, exp: now() - 3600 }, stack.secrets.caller)],
      ['a wrong issuer', () => hs256({ ...good(), iss: 'someone-else' }, stack.secrets.caller)],
      ['a wrong audience', () => hs256({ ...good(), aud: 'another-api' }, stack.secrets.caller)],
      [
        'a token without exp',
        () => {
          const { exp: _exp, ...noExp } = good();
          return hs256(noExp, stack.secrets.caller);
        },
      ],
      [
        'a token without sub',
        () => {
          const { sub: _sub, ...noSub } = good();
          return hs256(noSub, stack.secrets.caller);
        },
      ],
      ['a role outside the list', () => hs256({ ...good(), roles: ['admin'] }, stack.secrets.caller)],
      [
        'a valid role next to one outside the list',
        () => hs256({ ...good(), roles: ['support', 'root'] }, stack.secrets.caller),
      ],
      ['no roles', () => hs256({ ...good(), roles: [] }, stack.secrets.caller)],
      ['a subject role without subjectId', () => hs256({ ...good(), roles: ['subject'] }, stack.secrets.caller)],
      [
        'a subject role whose subjectId is not an id',
        () => hs256({ ...good(), roles: ['subject'], subjectId: PERSON.sub }, stack.secrets.caller),
      ],
      ['a mentor role without mentorId', () => hs256({ ...good(), roles: ['mentor'] }, stack.secrets.caller)],
    ];
    it.each(cases)('refuses %s', async (_what, make) => {
      const token = await make();
      expectRefused(await ask(stack.gatewayUrl, `Bearer ${token}`), [
        token,
        ...token.split('.').filter((p) => p.length > 8),
      ]);
    });

    it('honours nothing but the token: identity headers do not authenticate', async () => {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'dpo', 'x-role': 'dpo', 'x-roles': 'dpo' },
        body: JSON.stringify({ query: QUERY, variables: { id: SUBJECT } }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Answer['body'];
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('RS256', () => {
    let privatePem: string;
    let publicPem: string;
    let pemGateway: string;
    let jwksGateway: string;
    let otherPrivatePem: string;
    const claims = { sub: PERSON.sub, roles: ['dpo' as const] };

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256', { extractable: true });
      const other = await generateKeyPair('RS256', { extractable: true });
      privatePem = await exportPKCS8(pair.privateKey);
      publicPem = await exportSPKI(pair.publicKey);
      otherPrivatePem = await exportPKCS8(other.privateKey);
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
      pemGateway = await gatewayWith({
        key: { kind: 'public-key', pem: publicPem },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      });
      jwksGateway = await gatewayWith({
        key: { kind: 'jwks', jwks: { keys: [jwk] } },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      });
    });

    const both = (): Array<[string, string]> => [
      ['public key (PEM)', pemGateway],
      ['JWKS', jwksGateway],
    ];

    it('accepts a token signed with the private key, on a gateway with the public key and on one with a JWKS', async () => {
      const token = await signCallerToken(claims, { key: { kind: 'private-key', pem: privatePem } });
      for (const [, url] of both()) expectAccepted(await ask(url, `Bearer ${token}`));
    });

    it('refuses HS256 tokens (algorithm confusion): signed with the public key as HMAC secret, or with an HS256 secret', async () => {
      const confused = await signCallerToken(claims, { key: { kind: 'secret', secret: publicPem } });
      const hs = await signCallerToken(claims, { key: { kind: 'secret', secret: stack.secrets.caller } });
      // Control: the HS256 token is good where HS256 is the configured algorithm.
      expectAccepted(await ask(stack.gatewayUrl, `Bearer ${hs}`));
      for (const [, url] of both()) {
        expectRefused(await ask(url, `Bearer ${confused}`), [confused]);
        expectRefused(await ask(url, `Bearer ${hs}`), [hs]);
      }
    });

    it('refuses a token signed with another private key, an expired one, and an RS256 token at the HS256 gateway', async () => {
      const foreign = await signCallerToken(claims, { key: { kind: 'private-key', pem: otherPrivatePem } });
      const good = await signCallerToken(claims, { key: { kind: 'private-key', pem: privatePem } });
      for (const [, url] of both()) expectRefused(await ask(url, `Bearer ${foreign}`), [foreign]);
      expectRefused(await ask(stack.gatewayUrl, `Bearer ${good}`), [good]);
      const key = await importPKCS8(privatePem, 'RS256');
      const expired = await new SignJWT({ roles: ['dpo'] })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setSubject(PERSON.sub)
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt(now() - 7200)
        .setExpirationTime(now() - 3600)
        .sign(key);
      for (const [, url] of both()) {
        const answer = await ask(url, `Bearer ${expired}`);
        expectRefused(answer, [expired]);
        expect(answer.body.errors?.[0].message).toMatch(/expired/);
      }
    });
  });

  describe('tokens signed with the configured key (what npm run token does)', () => {
    it('a token signed from AUTH_JWT_SECRET is accepted by a gateway configured with the same secret', async () => {
      const token = await signWithConfiguredKey({ sub: 'alice@staff', roles: ['support'] }, '15m', {
        AUTH_JWT_SECRET: stack.secrets.caller,
      });
      expectAccepted(await ask(stack.gatewayUrl, `Bearer ${token}`));
      const other = await signWithConfiguredKey({ sub: 'alice@staff', roles: ['support'] }, '15m', {
        AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      });
      expectRefused(await ask(stack.gatewayUrl, `Bearer ${other}`), [other]);
    });

    it('in development, the secret is generated once into DATA_DIR/dev-secrets.json (mode 0600) and reused', async () => {
      const dir = tempDir();
      temps.push(dir);
      const env = { DATA_DIR: dir };
      const first = await signWithConfiguredKey({ sub: 'dev-dpo', roles: ['dpo'] }, '15m', env);
      const file = path.join(dir, 'dev-secrets.json');
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const written = fs.readFileSync(file, 'utf8');
      const second = await signWithConfiguredKey({ sub: 'dev-dpo', roles: ['dpo'] }, '15m', env);
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
      expect(signingKeyConfig(env)).toEqual(signingKeyConfig(env));
      expect(internalTokenSecret(env)).toBe(internalTokenSecret(env));
      // A gateway started on the same DATA_DIR (as npm start) accepts both tokens.
      const devGateway = await gatewayWith(callerAuthConfig(env));
      expectAccepted(await ask(devGateway, `Bearer ${first}`));
      expectAccepted(await ask(devGateway, `Bearer ${second}`));
      expectRefused(await ask(stack.gatewayUrl, `Bearer ${first}`), [first]);
    });
  });

  describe('production: no key, no start', () => {
    const noKeys = {
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: undefined,
      AUTH_JWT_PUBLIC_KEY_FILE: undefined,
      AUTH_JWKS_FILE: undefined,
      INTERNAL_TOKEN_SECRET: undefined,
    };

    it('the key configuration refuses to invent keys', () => {
      expect(() => callerAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
      expect(() => internalTokenSecret({ NODE_ENV: 'production' })).toThrow(/INTERNAL_TOKEN_SECRET/);
      expect(() => signingKeyConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
      // Control: given, they are used as given.
      expect(callerAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32) }).key).toEqual({
        kind: 'secret',
        secret: 's'.repeat(32),
      });
      expect(internalTokenSecret({ NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: 'i'.repeat(32) })).toBe(
        'i'.repeat(32),
      );
    });

    it('the gateway refuses to start without a caller key, and writes no development secret', async () => {
      const dir = tempDir();
      temps.push(dir);
      await withEnv({ ...noKeys, DATA_DIR: dir }, async () => {
        await expect(buildGateway({ production: true, internalSecret: stack.secrets.internal })).rejects.toThrow(
          /AUTH_JWT_SECRET/,
        );
        await expect(
          buildGateway({ production: true, callerAuth: callerAuthConfig({ AUTH_JWT_SECRET: stack.secrets.caller }) }),
        ).rejects.toThrow(/INTERNAL_TOKEN_SECRET/);
      });
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('a subgraph refuses to start without INTERNAL_TOKEN_SECRET, and writes no development secret', async () => {
      const dir = tempDir();
      temps.push(dir);
      const db = isolatedDbConfig();
      try {
        await withEnv({ ...noKeys, DATA_DIR: dir }, async () => {
          await expect(buildSubgraphServer(SUBGRAPHS.profile, { db, production: true })).rejects.toThrow(
            /INTERNAL_TOKEN_SECRET/,
          );
        });
      } finally {
        if (db.kind === 'sqlite') fs.rmSync(db.sqliteDir, { recursive: true, force: true });
      }
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  });

  /**
   * The real commands, compiled as `npm run build` compiles them (into a temp folder, so the
   * project's dist/ is left alone): `npm run token` and a subgraph process in production.
   */
  describe('compiled commands', () => {
    const root = path.resolve(__dirname, '..');
    let out: string;

    /** A compiled command with only these variables: nothing of the test's own environment leaks in. */
    async function run(
      script: string,
      args: string[],
      env: Record<string, string>,
    ): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const r = await runNode([path.join(out, script), ...args], {
        onlyEnv: true,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_PATH: path.join(root, 'node_modules'),
          APOLLO_TELEMETRY_DISABLED: '1',
          ...env,
        },
        // A process that starts instead of failing would run forever: give it a bounded life.
        timeoutMs: 30_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    beforeAll(async () => {
      out = tempDir();
      temps.push(out);
      // Type errors elsewhere in the tree do not stop tsc from emitting: what matters is the output.
      await runNode(
        [
          path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          path.join(root, 'tsconfig.build.json'),
          '--outDir',
          out,
          '--sourceMap',
          'false',
        ],
        { cwd: root },
      );
      for (const file of ['scripts/token.js', 'subgraphs/profile/main.js'])
        expect(fs.existsSync(path.join(out, file))).toBe(true);
    });

    it('npm run token prints a token the gateway configured with the same secret accepts, and only the token', async () => {
      const { code, stdout } = await run(
        'scripts/token.js',
        ['--role', 'support', '--sub', 'alice@staff', '--expires', '15m'],
        { AUTH_JWT_SECRET: stack.secrets.caller },
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
      expectAccepted(await ask(stack.gatewayUrl, `Bearer ${stdout.trim()}`));
    });

    it('npm run token refuses an unknown role and a subject role without --subject (exit 2, nothing on stdout)', async () => {
      for (const args of [
        ['--role', 'admin'],
        ['--role', 'subject'],
        ['--role', 'mentor', '--mentor', 'nobody'],
      ]) {
        const { code, stdout, stderr } = await run('scripts/token.js', args, { AUTH_JWT_SECRET: stack.secrets.caller });
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toMatch(/^token: /);
      }
    });

    it('npm run token in production without a key exits non-zero, naming the variable', async () => {
      const dir = tempDir();
      temps.push(dir);
      const { code, stdout, stderr } = await run('scripts/token.js', ['--role', 'dpo'], {
        NODE_ENV: 'production',
        DATA_DIR: dir,
      });
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('AUTH_JWT_SECRET');
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('a subgraph process in production without INTERNAL_TOKEN_SECRET exits non-zero, naming the variable', async () => {
      const dir = tempDir();
      temps.push(dir);
      const { code, stdout, stderr } = await run('subgraphs/profile/main.js', [], {
        NODE_ENV: 'production',
        DB: 'sqlite',
        DATA_DIR: dir,
        PORT: '0',
      });
      expect(code).toBe(1);
      expect(stdout).not.toContain('ready');
      expect(stderr).toContain('INTERNAL_TOKEN_SECRET');
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  });
});
