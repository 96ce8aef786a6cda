import fs from 'node:fs';
import type { EntityManager } from 'typeorm';
import { fail } from '../../../common/errors';
import { addDuration } from '../../../common/duration';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { Ledger } from '../ledger/ledger';
import type { RequestTypeSpec } from '../ledger/registry';
import { WaitReason } from '../ledger/waiting';
import type { Notices } from '../mail/notices';
import { EXPORT_TYPES, isExport, PACKAGE_LEG } from './exports';
import type { PackageBuilder } from './package.builder';
import { packageLink, packagePath } from './package.settings';
import { signLink } from './package.link';
import { languageOf } from '../mail/templates/notice';

/**
 * The right of access and to portability in the ledger: one leg, the package built from the
 * export query through the gateway; one open export of each kind per subject; once built, the
 * package waits for a dpo's review where the policy wants one, otherwise it is released to its
 * subject at once (served for PACKAGE_TTL_DAYS, the subject told where).
 */
export function registerAccess(
  ledger: Ledger,
  packages: PackageBuilder,
  notices: Notices,
  linkKey: Uint8Array,
): PackageRelease {
  const release = new PackageRelease(packages, notices, linkKey);
  for (const type of EXPORT_TYPES) ledger.types.register(type, exportSpec(ledger, packages, type));
  ledger.types.listen({
    settling: async (tx, request, _legs, status, now) => {
      if (!isExport(request.type) || status !== 'COMPLETED') return;
      if (packages.reviewFirst)
        return {
          status: 'AWAITING_REVIEW',
          audit: [
            {
              requestId: request.id,
              action: 'REQUEST_AWAITING_REVIEW',
              actor: 'worker',
              detail: { waitingFor: WaitReason.DPO_REVIEW },
            },
          ],
        };
      return { changes: await release.release(tx, request, now) };
    },
  });
  return release;
}

function exportSpec(ledger: Ledger, packages: PackageBuilder, type: (typeof EXPORT_TYPES)[number]): RequestTypeSpec {
  return {
    legs: [PACKAGE_LEG],
    run: (request) => packages.build(request.id, request.subjectId, request.type === 'PORTABILITY', new Date()),
    markers: () => ({ liveExport: type }),
    existing: async (subjectId) => {
      const open = await ledger.store.liveExport(subjectId, type);
      if (open)
        throw fail(
          'EXPORT_IN_PROGRESS',
          'An export of this kind is already in progress for this subject: it is this request; its package will be announced when ready.',
          { requestId: open.id },
        );
      return null;
    },
  };
}

/** A built package released to its subject: served from now for the TTL, and the subject told where. */
export class PackageRelease {
  constructor(
    private readonly packages: PackageBuilder,
    private readonly notices: Notices,
    private readonly linkKey: Uint8Array,
  ) {}

  /** The changes the caller writes (with COMPLETED) in `tx`. */
  async release(tx: EntityManager, request: RightsRequestEntity, now: Date): Promise<Partial<RightsRequestEntity>> {
    // A link to nothing is worse than no link: a package deleted by hand, or never built (the
    // desk's demo case), is not announced; the dpo rejects the request or asks for a new one.
    if (!fs.existsSync(packagePath(this.packages.settings, request.id)))
      throw fail(
        'PACKAGE_MISSING',
        'The package of this request is not on disk (never built or deleted): reject the request, or ask for a new export.',
      );
    const expiresAt = addDuration(now, `P${this.packages.settings.ttlDays}D`);
    const { settings } = this.packages;
    const language = languageOf(request.notifyLanguage, this.notices.defaultLanguage);
    const token =
      settings.link.mode === 'link'
        ? await signLink(this.linkKey, { requestId: request.id, language }, now, settings.link.ttlHours, expiresAt)
        : undefined;
    await this.notices.packageReady(tx, request, packageLink(settings, request.id, token), expiresAt, now);
    // The subject may ask again once this one is done.
    return { packageExpiresAt: expiresAt, liveExport: null, notifyEmail: null };
  }
}
