import { clientSpan } from './tracing';
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
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return clientSpan(`POST ${target.audience}`, { 'peer.service': target.audience }, headers, () =>
    fetch(target.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    }),
  );
}
