import { In, IsNull, type DataSource } from 'typeorm';
import { EXPORT_TYPES } from '../access-package/exports';
import { purgePackagesOf } from '../access-package/package.files';
import type { PackageSettings } from '../access-package/package.settings';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { RequestListener } from '../ledger/registry';
import { eraseMailFilesOf } from '../mail/mail.files';

/** What erases the copies: any erasure (partial too: a package holds every category) and a closure. */
const ERASING: readonly string[] = ['ERASURE', 'CLOSURE'];

/**
 * Erasure reaches every copy (O12, V19): when an erasure or a closure completes, the subject's
 * access packages are marked deleted in its transaction (their links then answer PACKAGE_ERASED)
 * and their files removed once it committed; an erasure also removes the `.eml` copies of every
 * message about the subject. A message still to be sent (the erasure's own outcome) is removed
 * when it has been (mail.delivery.ts).
 */
export function erasedCopies(ds: DataSource, packages: PackageSettings, mailDir: string): RequestListener {
  return {
    settling: async (tx, request, _legs, status, now) => {
      if (status !== 'COMPLETED' || !ERASING.includes(request.type)) return;
      await tx.getRepository(RightsRequestEntity).update(
        { subjectId: request.subjectId, type: In([...EXPORT_TYPES]), packageDeletedAt: IsNull() },
        // No expiry left: what tells PACKAGE_ERASED from PACKAGE_EXPIRED (package.route.ts).
        { packageDeletedAt: now, packageExpiresAt: null, updatedAt: now },
      );
    },
    settled: async (request) => {
      if (!ERASING.includes(request.type)) return;
      await purgePackagesOf(ds, packages, request.subjectId);
      if (request.type === 'ERASURE') await eraseMailFilesOf(ds, mailDir, request.subjectId);
    },
  };
}
