import { signInternalToken, type InternalClaims } from '../common/internal-token';

/**
 * A call the gateway makes on its own account (not part of a query plan): the mentor's scope,
 * the access-log write. Same internal token and deadline as the planned subgraph calls.
 */
export async function postInternal(
  target: { url: string; audience: string; key: Uint8Array; timeoutMs: number },
  claims: InternalClaims,
  body: unknown,
): Promise<Response> {
  const token = await signInternalToken(target.key, target.audience, claims);
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(target.timeoutMs),
  });
}
