import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type express from 'express';
import { actsFor, hasRole, type Principal } from '../../../common/access';
import type { SubgraphDatabase } from '../../../common/datasource';
import { errorMessage } from '../../../common/errors';
import type { GuardedLocals } from '../../../common/subgraph-guard';
import type { SubgraphRuntime } from '../../../common/subgraph-server';
import { isUuid } from '../../../common/validation';
import { appendAudit } from '../ledger/audit.store';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { LedgerStore } from '../ledger/ledger.store';
import { isExport } from './exports';
import { packagePath, packageSettingsFromEnv } from './package.settings';
import { log } from '../../../common/log';

type Refusal = { status: number; code: string; message: string; requestId?: string };

/**
 * Whether this caller may have this request's package now: the subject of the request (or their
 * guardian) or a dpo,
 * a completed export, before its expiry. Someone else's request and an unknown id get the same
 * FORBIDDEN, so that ids cannot be probed; a dpo is told NOT_FOUND.
 */
export function packageRefusal(p: Principal, r: RightsRequestEntity | null, now: Date): Refusal | null {
  const dpo = hasRole(p, 'dpo');
  const own = r !== null && actsFor(p, r.subjectId);
  if (!r || !isExport(r.type) || !(dpo || own))
    return dpo
      ? { status: 404, code: 'NOT_FOUND', message: 'No access or portability request with this id.' }
      : {
          status: 403,
          code: 'FORBIDDEN',
          message: 'Only the subject of this request (or a dpo) may fetch its package.',
        };
  // Under review, the package is the dpo's to read before release.
  if (r.status === 'AWAITING_REVIEW' && dpo) return null;
  if (r.status === 'REJECTED')
    return {
      status: 410,
      code: 'REQUEST_CLOSED',
      message: 'This request was rejected: it has no package.',
      requestId: r.id,
    };
  if (r.status !== 'COMPLETED')
    return {
      status: 409,
      code: 'PACKAGE_NOT_READY',
      message: `This request is ${r.status}: its package is not ready yet; the subject is told by mail when it is.`,
      requestId: r.id,
    };
  // Deleted with no expiry left: an erasure or closure of its subject took it (erased-copies.ts).
  if (r.packageDeletedAt && !r.packageExpiresAt)
    return {
      status: 410,
      code: 'PACKAGE_ERASED',
      message: 'This package was deleted with the erasure or closure of its subject.',
      requestId: r.id,
    };
  if (r.packageDeletedAt || !r.packageExpiresAt || r.packageExpiresAt <= now)
    return {
      status: 410,
      code: 'PACKAGE_EXPIRED',
      message: `This package was available until ${r.packageExpiresAt?.toISOString() ?? 'its expiry'} and is no longer: ask for a new export.`,
      requestId: r.id,
    };
  return null;
}

/**
 * GET /internal/packages/:id: the package of a completed export, for the caller the gateway
 * authenticated (carried in the internal token). The gateway's GET /packages/:id forwards here;
 * the decision is this service's, like every authorization (DESIGN: not in gateway code).
 */
export function packageRoutes(router: express.Router, db: SubgraphDatabase, runtime: SubgraphRuntime): void {
  const store = new LedgerStore(db.dataSource);
  const settings = packageSettingsFromEnv(runtime.dataDir);
  router.get('/packages/:id', async (req, res: express.Response<unknown, GuardedLocals>) => {
    const refuse = (r: Refusal) =>
      res.status(r.status).json({
        errors: [
          { message: r.message, extensions: { code: r.code, ...(r.requestId ? { requestId: r.requestId } : {}) } },
        ],
      });
    const principal = res.locals.claims?.principal;
    if (!principal) return refuse({ status: 401, code: 'UNAUTHENTICATED', message: 'No caller.' });
    const id = String(req.params.id);
    if (!isUuid(id))
      return refuse({ status: 400, code: 'BAD_USER_INPUT', message: 'The package id is not a request id (a UUID).' });
    try {
      const request = await store.request(id);
      const refusal = packageRefusal(principal, request, new Date());
      if (refusal || !request) return refuse(refusal ?? { status: 500, code: 'INTERNAL_SERVER_ERROR', message: '' });
      const file = packagePath(settings, id);
      const size = (await fs.promises.stat(file)).size;
      const now = new Date();
      await store.write((tx) =>
        appendAudit(tx, now, [{ requestId: id, action: 'PACKAGE_DOWNLOADED', actor: principal.sub, detail: {} }]),
      );
      res.status(200).set({
        'content-type': 'application/zip',
        'content-length': String(size),
        'content-disposition': `attachment; filename="${request.type === 'PORTABILITY' ? 'portable' : 'access'}-${id}.zip"`,
        'cache-control': 'no-store',
      });
      await pipeline(fs.createReadStream(file), res);
    } catch (error) {
      log().error({ requestId: id }, `[packages] ${errorMessage(error)}`);
      if (!res.headersSent)
        refuse({ status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'The package could not be read.' });
      else res.destroy();
    }
  });
}
