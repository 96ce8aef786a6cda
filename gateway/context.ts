/**
 * One client request as the gateway sees it: who is calling, the internal tokens minted for
 * the subgraphs it reaches, and the personal data those subgraphs report having read.
 */
import { randomUUID } from 'node:crypto';
import type { PersonalDataRead, Principal } from '../common/access';
import { signInternalToken } from '../common/internal-token';
import { currentLogScope } from '../common/log';

export interface GatewayContext {
  principal: Principal;
  /** Correlates the access-log entry with subgraph logs; sent in every internal token. */
  requestId: string;
  /** subject id → DataSubject fields read, merged across subgraphs. */
  reads: Map<string, Set<string>>;
  /** One internal token per subgraph per request: a plan may call a subgraph several times. */
  internalTokens: Map<string, Promise<string>>;
  /** The client's `Idempotency-Key` header, passed on to `requests` only (the ledger keys its requests by it). */
  idempotencyKey?: string;
}

export function newContext(principal: Principal, idempotencyKey?: string): GatewayContext {
  // The id the log lines of this request already carry (gateway.ts scopes each /graphql call).
  return {
    principal,
    requestId: currentLogScope()?.requestId ?? randomUUID(),
    reads: new Map(),
    internalTokens: new Map(),
    idempotencyKey,
  };
}

export function internalTokenFor(ctx: GatewayContext, key: Uint8Array, subgraph: string): Promise<string> {
  let token = ctx.internalTokens.get(subgraph);
  if (!token) {
    token = signInternalToken(key, subgraph, { principal: ctx.principal, requestId: ctx.requestId });
    ctx.internalTokens.set(subgraph, token);
  }
  return token;
}

const isReadList = (value: unknown): value is PersonalDataRead[] =>
  Array.isArray(value) &&
  value.every(
    (r: Partial<PersonalDataRead>) =>
      typeof r?.subjectId === 'string' && Array.isArray(r.fields) && r.fields.every((f) => typeof f === 'string'),
  );

export function mergeReads(ctx: GatewayContext, reported: unknown): void {
  if (!isReadList(reported)) return;
  for (const { subjectId, fields } of reported) {
    let known = ctx.reads.get(subjectId);
    if (!known) ctx.reads.set(subjectId, (known = new Set()));
    for (const f of fields) known.add(f);
  }
}
