import { signInternalToken, type InternalClaims } from './internal-token';

/**
 * A POST from one of our services to another outside any query plan: the gateway's own calls
 * (the mentor's scope, the access-log write) and the `requests` service's privacy-contract
 * calls. It signs a fresh internal token for the target's audience and gives up after
 * `timeoutMs` (the fetch rejects with a TimeoutError DOMException; a refused connection with a
 * TypeError).
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
