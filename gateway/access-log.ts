/**
 * The access log: before the gateway answers a request that read personal data, it records who
 * read which fields of which subject, in the `requests` service. It fails closed: if the
 * record cannot be written, the caller gets an error instead of the data, so no staff read
 * goes untraced (veloraqenvi: consultations of sensitive data are traced). Requests answered
 * while a write is in flight are written together in the next one (group commits,
 * access-log.batch.ts); each is answered only once the write holding its entries is committed.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { SYSTEM_ROLE } from '../common/access';
import { postInternal } from '../common/internal-post';
import type { GatewayContext } from './context';
import { errorMessage } from '../common/errors';
import { log } from '../common/log';
import { accessLogWrites } from '../common/metrics';
import { GroupCommit } from './access-log.batch';

export interface AccessLogTarget {
  /** POST endpoint of the requests service: `<requests base>/internal/access-log`. */
  url: string;
  key: Uint8Array;
  timeoutMs: number;
}

/** One subject read in one request, as POST /internal/access-log takes it. */
export interface AccessEntry {
  at: string;
  principal: string;
  roles: readonly string[];
  subjectId: string;
  fields: string[];
  requestId: string;
  operationName: string | null;
}

/**
 * Writes in flight at once (decision 301). While one is in flight, the requests answered
 * meanwhile queue and go together in the next: at 1, a request waits at most for the write under
 * way plus its own.
 */
const WRITES_IN_FLIGHT = 1;
/**
 * Entries per POST when requests are grouped: the store's INSERT_CHUNK (access-log.store.ts), so a
 * batch is one INSERT and, with autocommit, one commit. A `subjects(ids:)` request of up to 500
 * ids sends its 500 alone, as before. 500 entries of every DataSubject field are about 0.7 MB,
 * under the 5 MB body limit of `/internal`.
 */
const BATCH_ENTRIES = 500;

function readEntries(ctx: GatewayContext, operationName: string | null): AccessEntry[] {
  const at = new Date().toISOString();
  return [...ctx.reads].map(([subjectId, fields]) => ({
    at,
    principal: ctx.principal.sub,
    roles: ctx.principal.roles,
    subjectId,
    fields: [...fields].sort(),
    requestId: ctx.requestId,
    operationName: operationName?.slice(0, 100) ?? null,
  }));
}

/**
 * One POST of one batch. Its internal token carries the request id of the batch's first entry
 * (the requests service logs under it, and the POST is traced under that request); every entry
 * carries its own.
 */
async function postEntries(target: AccessLogTarget, entries: readonly AccessEntry[]): Promise<void> {
  const res = await postInternal(
    { url: target.url, audience: 'requests', key: target.key, timeoutMs: target.timeoutMs },
    { principal: { sub: 'gateway', roles: [SYSTEM_ROLE] }, requestId: entries[0].requestId },
    { entries },
  );
  if (res.status !== 204) throw new Error(`access log answered ${res.status}`);
}

/** The access-log writer of one gateway: requests' entries, grouped while a write is in flight. */
function accessLogWriter(target: AccessLogTarget): GroupCommit<AccessEntry> {
  return new GroupCommit<AccessEntry>({
    send: (entries) => postEntries(target, entries),
    maxInFlight: WRITES_IN_FLIGHT,
    maxItems: BATCH_ENTRIES,
  });
}

export function accessLogPlugin(target: AccessLogTarget): ApolloServerPlugin<GatewayContext> {
  const writer = accessLogWriter(target);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          if (contextValue.reads.size === 0) return;
          try {
            // Answered only once the batch holding this request's entries is committed.
            await writer.write(readEntries(contextValue, operationName ?? null));
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
