import { clientSpan } from './tracing';
import { signInternalToken, type InternalClaims } from './internal-token';
import { post, type HttpAnswer } from './http-client';

/**
 * A POST from one of our services to another outside any query plan: the gateway's own calls
 * (the mentor's scope, the access-log write) and the `requests` service's privacy-contract
 * calls. It signs a fresh internal token for the target's audience and gives up after
 * `timeoutMs` (it rejects with a TimeoutError DOMException; a refused connection with the
 * socket's error), through the keep-alive pool of http-client.ts.
 */
export async function postInternal(
  target: { url: string; audience: string; key: Uint8Array; timeoutMs: number },
  claims: InternalClaims,
  body: unknown,
): Promise<HttpAnswer> {
  const token = await signInternalToken(target.key, target.audience, claims);
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return clientSpan(`POST ${target.audience}`, { 'peer.service': target.audience }, headers, () =>
    post(target.url, headers, JSON.stringify(body), target.timeoutMs),
  );
}
