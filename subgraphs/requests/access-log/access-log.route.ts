import type express from 'express';
import { SYSTEM_ROLE } from '../../../common/access';
import type { SubgraphDatabase } from '../../../common/datasource';
import { isUuid } from '../../../common/validation';
import type { GuardedLocals } from '../../../common/subgraph-guard';
import { AccessLogStore, type AccessRead } from './access-log.store';
import { errorMessage } from '../../../common/errors';
import { log } from '../../../common/log';
import { accessLogBatchEntries } from '../../../common/metrics';

/**
 * A request may read at most 500 subjects (subjects(ids:)), and the gateway groups requests
 * only up to 500 entries: with margin.
 */
const MAX_ENTRIES = 5000;

const shortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

function parseRead(raw: unknown): AccessRead | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const at = typeof r.at === 'string' ? new Date(r.at) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  if (
    !shortString(r.principal, 200) ||
    !shortString(r.subjectId, 36) ||
    !isUuid(r.subjectId) ||
    !shortString(r.requestId, 36)
  )
    return null;
  if (!Array.isArray(r.roles) || !r.roles.every((x) => shortString(x, 20))) return null;
  if (!Array.isArray(r.fields) || r.fields.length === 0 || !r.fields.every((x) => shortString(x, 64))) return null;
  if (r.operationName != null && !shortString(r.operationName, 100)) return null;
  return {
    at,
    principal: r.principal,
    roles: r.roles,
    subjectId: r.subjectId,
    fields: r.fields,
    requestId: r.requestId,
    operationName: r.operationName ?? null,
  };
}

/**
 * POST /internal/access-log: the gateway records the reads of a request before it answers
 * (it fails closed: no record, no data); under load one POST carries the reads of several
 * requests (decision 300), all written by one INSERT or none. Only the gateway's own identity
 * may write here.
 */
export function accessLogRoutes(router: express.Router, db: SubgraphDatabase): void {
  const store = new AccessLogStore(db.dataSource);
  router.post('/access-log', async (req, res: express.Response<unknown, GuardedLocals>) => {
    if (!res.locals.claims?.principal.roles.includes(SYSTEM_ROLE)) {
      res.status(403).json({ error: 'FORBIDDEN' });
      return;
    }
    const entries: unknown = (req.body as { entries?: unknown } | undefined)?.entries;
    const reads = Array.isArray(entries) && entries.length <= MAX_ENTRIES ? entries.map(parseRead) : null;
    if (!reads || reads.some((r) => r === null)) {
      res.status(400).json({ error: 'BAD_REQUEST' });
      return;
    }
    try {
      await store.recordReads(reads as AccessRead[]);
      accessLogBatchEntries.observe({ outcome: 'ok' }, reads.length);
      res.status(204).end();
    } catch (error) {
      accessLogBatchEntries.observe({ outcome: 'failed' }, reads.length);
      log().error(`[access-log] ${errorMessage(error)}`);
      res.status(500).json({ error: 'INTERNAL_SERVER_ERROR' });
    }
  });
}
