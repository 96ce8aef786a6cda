import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { SignJWT, type JWTPayload } from 'jose';
import type { Principal } from '../../common/access';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, type CallerAuthConfig } from '../../common/keys';
import { createAuthenticator } from '../../gateway/auth';
import { VerifiedTokens } from '../../gateway/verified-tokens';

/**
 * A caller's token is verified once and remembered until it expires (decision 333): what a
 * caller sees must not change for it. Real jose, a clock of the test's own.
 */

const secret = randomBytes(32).toString('base64url');
const config: CallerAuthConfig = {
  key: { kind: 'secret', secret },
  issuer: DEFAULT_ISSUER,
  audience: DEFAULT_AUDIENCE,
};
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const sign = (claims: JWTPayload): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
const dpoToken = (exp: number): Promise<string> =>
  sign({ sub: 'dpo@example.fr', roles: ['dpo'], iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, iat: T0 / 1000, exp });

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') return error.message;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('callers’ tokens remembered once verified', () => {
  it('a token is accepted again from memory until the second it expires, then refused as expired', async () => {
    let now = T0;
    const authenticate = await createAuthenticator(config, () => now);
    const exp = T0 / 1000 + 600;
    const token = `Bearer ${await dpoToken(exp)}`;
    const first = await authenticate(token);
    expect(first).toEqual({ sub: 'dpo@example.fr', roles: ['dpo'] });
    now = exp * 1000 - 1;
    // The same principal, not a second verification's copy.
    expect(await authenticate(token)).toBe(first);
    now = exp * 1000;
    expect(await refusal(authenticate(token))).toBe('The token has expired.');
    // And still refused after: an expired token is not remembered again.
    now = exp * 1000 + 60_000;
    expect(await refusal(authenticate(token))).toBe('The token has expired.');
  });

  it('a token one byte away from a remembered one goes through the whole check and is refused', async () => {
    const authenticate = await createAuthenticator(config, () => T0);
    const token = await dpoToken(T0 / 1000 + 600);
    await authenticate(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await refusal(authenticate(`Bearer ${header}.${payload}.${flipped}`))).toBe('The token is not valid.');
    // A token signed with another secret, same claims: refused too.
    const other = await new SignJWT({
      sub: 'dpo@example.fr',
      roles: ['dpo'],
      iss: DEFAULT_ISSUER,
      aud: DEFAULT_AUDIENCE,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(T0 / 1000 + 600)
      .sign(randomBytes(32));
    expect(await refusal(authenticate(`Bearer ${other}`))).toBe('The token is not valid.');
  });

  it('a token not yet valid (nbf) is refused each time, not remembered', async () => {
    let now = T0;
    const authenticate = await createAuthenticator(config, () => now);
    const token = `Bearer ${await sign({ sub: 'a', roles: ['dpo'], iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, nbf: T0 / 1000 + 60, exp: T0 / 1000 + 600 })}`;
    expect(await refusal(authenticate(token))).toBe('The token is not valid.');
    expect(await refusal(authenticate(token))).toBe('The token is not valid.');
    now = T0 + 61_000;
    expect((await authenticate(token)).sub).toBe('a');
  });

  it('the principal every request shares cannot be changed by one of them', async () => {
    const authenticate = await createAuthenticator(config, () => T0);
    const principal = await authenticate(`Bearer ${await dpoToken(T0 / 1000 + 600)}`);
    expect(() => (principal.roles as string[]).push('service')).toThrow(TypeError);
    expect(() => Object.assign(principal, { sub: 'someone else' })).toThrow(TypeError);
  });

  it('holds at most its capacity, the least recently used leaving first', () => {
    const tokens = new VerifiedTokens(3);
    const p = (sub: string): Principal => ({ sub, roles: ['dpo'] });
    for (const t of ['a', 'b', 'c']) tokens.remember(t, p(t), T0 + 1000);
    expect(tokens.get('a', T0)?.sub).toBe('a'); // a is now the most recent
    tokens.remember('d', p('d'), T0 + 1000);
    expect(tokens.size).toBe(3);
    expect(tokens.get('b', T0)).toBeUndefined();
    expect(['a', 'c', 'd'].map((t) => tokens.get(t, T0)?.sub)).toEqual(['a', 'c', 'd']);
  });
});
