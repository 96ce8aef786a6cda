import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type express from 'express';
import type { DataSource } from 'typeorm';
import { actsFor, hasRole, type Principal } from '../../../common/access';
import type { SubgraphDatabase } from '../../../common/datasource';
import { errorMessage } from '../../../common/errors';
import { LINK_VISITOR_SUB } from '../../../common/package-link';
import type { GuardedLocals } from '../../../common/subgraph-guard';
import type { SubgraphRuntime } from '../../../common/subgraph-server';
import { isUuid } from '../../../common/validation';
import { appendAudit } from '../ledger/audit.store';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { LedgerStore } from '../ledger/ledger.store';
import { languageOf, type Language } from '../mail/templates/notice';
import { PackageLinkUseEntity } from './entities/package-link-use.entity';
import { isExport } from './exports';
import { linkKey, verifyLink, type LinkSettings } from './package.link';
import { PAGE_HEADERS, PAGE_STATUS, packagePage, type PageKind } from './package.page';
import { packagePath, packageSettingsFromEnv } from './package.settings';
import { packageRefusal } from './package.route';

/** What a browser's visit comes to: a page, or the right to the package (with the link to use up). */
type Verdict =
  | { kind: Exclude<PageKind, 'READY'>; language: Language }
  | { kind: 'READY'; language: Language; request: RightsRequestEntity; jti: string | null };

interface Visit {
  principal: Principal;
  id: string;
  token: string | null;
  /** The browser's Accept-Language: the language when nothing signed says it. */
  accepted: Language;
  asOf: Date;
}

class LinkDecider {
  constructor(
    private readonly ds: DataSource,
    private readonly store: LedgerStore,
    private readonly settings: LinkSettings,
    private readonly key: Uint8Array,
  ) {}

  async decide(v: Visit): Promise<Verdict> {
    const signedIn = v.principal.sub !== LINK_VISITOR_SUB;
    if (!isUuid(v.id)) return { kind: 'INVALID', language: v.accepted };
    let language = v.accepted;
    let jti: string | null = null;
    if (this.settings.mode === 'link') {
      const check = v.token ? await verifyLink(this.key, v.token, v.id, v.asOf) : null;
      if (!check?.ok) return { kind: check?.why ?? 'INVALID', language };
      language = languageOf(check.claims.language, v.accepted);
      jti = check.claims.jti;
    } else if (!signedIn) return { kind: 'SIGN_IN', language };
    const request = await this.store.request(v.id);
    if (!request || !isExport(request.type)) return { kind: 'INVALID', language };
    language = languageOf(request.notifyLanguage, language);
    // Someone else signed in on this browser: the link is not theirs, whoever holds it.
    const other = signedIn && !hasRole(v.principal, 'dpo') && !actsFor(v.principal, request.subjectId);
    if (other) return { kind: 'NOT_YOURS', language };
    if (this.settings.mode === 'signin') {
      const refusal = packageRefusal(v.principal, request, v.asOf);
      if (refusal) return { kind: refusal.status === 410 ? 'GONE' : 'NOT_YOURS', language };
    } else if (request.status !== 'COMPLETED' || request.packageDeletedAt || !request.packageExpiresAt)
      return { kind: 'GONE', language };
    if (request.packageExpiresAt && request.packageExpiresAt <= v.asOf) return { kind: 'GONE', language };
    if (jti && (await this.ds.getRepository(PackageLinkUseEntity).existsBy({ jti }))) return { kind: 'USED', language };
    return { kind: 'READY', language, request, jti };
  }

  /** Uses the link up, once across every replica: the second insert of a jti fails on its key. */
  async useUp(jti: string, requestId: string, actor: string, asOf: Date): Promise<boolean> {
    try {
      await this.store.write(async (tx) => {
        await tx.getRepository(PackageLinkUseEntity).insert({ jti, requestId, usedAt: asOf });
        await appendAudit(tx, asOf, [{ requestId, action: 'PACKAGE_DOWNLOADED', actor, detail: { through: 'link' } }]);
      });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * GET /internal/package-links/:id?k=<link> (the page) and POST /internal/package-links/:id/download
 * (the zip, using the link up): what the gateway's /packages/:id answers a browser. The internal
 * token carries the browser's sign-in, or LINK_VISITOR_SUB when it has none.
 */
export function packageLinkRoutes(router: express.Router, db: SubgraphDatabase, runtime: SubgraphRuntime): void {
  const settings = packageSettingsFromEnv(runtime.dataDir);
  const store = new LedgerStore(db.dataSource);
  const decider = new LinkDecider(db.dataSource, store, settings.link, linkKey(runtime.internalKey));
  const { controller } = runtime.policy;
  const facts = { contact: controller.contact, organisation: controller.name, timeZone: settings.link.timeZone };
  const visit = (req: express.Request, res: express.Response<unknown, GuardedLocals>, token: unknown): Visit => ({
    principal: res.locals.claims!.principal,
    id: String(req.params.id),
    token: typeof token === 'string' && token.length > 0 && token.length < 4096 ? token : null,
    accepted: languageOf(req.headers['accept-language'], 'fr'),
    asOf: new Date(),
  });
  const page = (res: express.Response, kind: PageKind, language: Language, extra: Partial<typeof facts> = {}) =>
    res
      .status(PAGE_STATUS[kind])
      .set(PAGE_HEADERS)
      .send(packagePage(kind, language, { ...facts, signinUrl: settings.link.signinUrl, ...extra }));

  router.get('/package-links/:id', async (req, res: express.Response<unknown, GuardedLocals>) => {
    try {
      const v = visit(req, res, req.query.k);
      const verdict = await decider.decide(v);
      if (verdict.kind !== 'READY') return page(res, verdict.kind, verdict.language);
      const action = `/packages/${v.id}/download`;
      res
        .status(200)
        .set(PAGE_HEADERS)
        .send(
          packagePage(
            'READY',
            verdict.language,
            { ...facts, availableUntil: verdict.request.packageExpiresAt ?? undefined },
            { action, token: v.token },
          ),
        );
    } catch (error) {
      process.stderr.write(`[package-links] page: ${errorMessage(error)}\n`);
      page(res, 'ERROR', 'fr');
    }
  });

  router.post('/package-links/:id/download', async (req, res: express.Response<unknown, GuardedLocals>) => {
    const body = (req.body ?? {}) as { k?: unknown };
    const v = visit(req, res, body.k);
    try {
      const verdict = await decider.decide(v);
      if (verdict.kind !== 'READY') return page(res, verdict.kind, verdict.language);
      const actor = v.principal.sub === LINK_VISITOR_SUB ? 'subject (download link)' : v.principal.sub;
      if (verdict.jti && !(await decider.useUp(verdict.jti, v.id, actor, v.asOf)))
        return page(res, 'USED', verdict.language);
      const file = packagePath(settings, v.id);
      const size = (await fs.promises.stat(file)).size;
      const name = `${verdict.request.type === 'PORTABILITY' ? 'portable' : 'access'}-${v.id}.zip`;
      res.status(200).set({
        'content-type': 'application/zip',
        'content-length': String(size),
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      });
      await pipeline(fs.createReadStream(file), res);
    } catch (error) {
      process.stderr.write(`[package-links] ${v.id}: ${errorMessage(error)}\n`);
      if (!res.headersSent) page(res, 'ERROR', v.accepted);
      else res.destroy();
    }
  });
}
