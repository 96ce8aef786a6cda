/**
 * The access log: before the gateway answers a request that read personal data, it records who
 * read which fields of which subject, in the `requests` service. It fails closed: if the
 * record cannot be written, the caller gets an error instead of the data, so no staff read
 * goes untraced (veloraqenvi: consultations of sensitive data are traced).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { SYSTEM_ROLE } from '../common/access';
import { postInternal } from '../common/internal-post';
import type { GatewayContext } from './context';
import { errorMessage } from '../common/errors';
import { log } from '../common/log';
import { accessLogWrites } from '../common/metrics';

export interface AccessLogTarget {
  /** POST endpoint of the requests service: `<requests base>/internal/access-log`. */
  url: string;
  key: Uint8Array;
  timeoutMs: number;
}

export async function recordReads(
  target: AccessLogTarget,
  ctx: GatewayContext,
  operationName: string | null,
): Promise<void> {
  const at = new Date().toISOString();
  const entries = [...ctx.reads].map(([subjectId, fields]) => ({
    at,
    principal: ctx.principal.sub,
    roles: ctx.principal.roles,
    subjectId,
    fields: [...fields].sort(),
    requestId: ctx.requestId,
    operationName: operationName?.slice(0, 100) ?? null,
  }));
  const res = await postInternal(
    { url: target.url, audience: 'requests', key: target.key, timeoutMs: target.timeoutMs },
    { principal: { sub: 'gateway', roles: [SYSTEM_ROLE] }, requestId: ctx.requestId },
    { entries },
  );
  if (res.status !== 204) throw new Error(`access log answered ${res.status}`);
}

export function accessLogPlugin(target: AccessLogTarget): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          if (contextValue.reads.size === 0) return;
          try {
            await recordReads(target, contextValue, operationName ?? null);
            accessLogWrites.inc({ outcome: 'ok' });
          } catch (error) {
            accessLogWrites.inc({ outcome: 'failed' });
            log().error({ requestId: contextValue.requestId }, `[access-log] ${errorMessage(error)}`);
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'The read could not be recorded in the access log, so its data is withheld. Try again.',
                    extensions: { code: 'ACCESS_LOG_UNAVAILABLE' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
