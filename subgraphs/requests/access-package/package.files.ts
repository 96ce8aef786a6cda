import fs from 'node:fs';
import path from 'node:path';
import { In, Not, IsNull, type DataSource } from 'typeorm';
import { rowsByKeys } from '../../../common/batch-read';
import { EXPORT_TYPES } from './exports';
import { unlinkIfThere } from '../mail/mail.files';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { PackageLinkUseEntity } from './entities/package-link-use.entity';
import type { PackageSettings } from './package.settings';

/** A `.part` file this old is what a crash left while building: nobody is still writing it. */
const STALE_PART_MS = 24 * 3600_000;

/**
 * Removes the files of packages the sweep marked deleted (after its transaction committed, so a
 * dry run or a rolled-back sweep removes nothing), and partial files a crash left behind. Asked
 * again it finds nothing more to do. One statement, whatever the number of files; one more for
 * the used download links of deleted packages.
 */
export async function purgePackageFiles(ds: DataSource, settings: PackageSettings, now = new Date()): Promise<number> {
  // The used links of a deleted package prove nothing any more: they go with it (one statement).
  await ds
    .createQueryBuilder()
    .delete()
    .from(PackageLinkUseEntity)
    .where('request_id IN (SELECT id FROM rights_request WHERE package_deleted_at IS NOT NULL)')
    .execute();
  let names: string[];
  try {
    names = await fs.promises.readdir(settings.dir);
  } catch {
    return 0; // no package was ever built here
  }
  const ids = names.filter((n) => n.endsWith('.zip')).map((n) => n.slice(0, -'.zip'.length));
  const deleted =
    ids.length === 0
      ? []
      : await ds.getRepository(RightsRequestEntity).find({
          select: { id: true },
          where: { id: In(ids), packageDeletedAt: Not(IsNull()) },
        });
  for (const { id } of deleted) await fs.promises.rm(path.join(settings.dir, `${id}.zip`), { force: true });
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const file = path.join(settings.dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now.getTime() - stat.mtimeMs > STALE_PART_MS) await fs.promises.rm(file, { force: true });
  }
  return deleted.length;
}

/**
 * What an erasure or a closure of one subject removes once its transaction committed (which
 * marked their packages deleted): the files of their deleted packages and the used links of
 * those. Two statements at most, and no directory listed: the cost of one subject, not of every
 * package the service holds (the sweep's purgePackageFiles catches what a crash left between
 * the commit and this).
 */
export async function purgePackagesOf(ds: DataSource, settings: PackageSettings, subjectId: string): Promise<number> {
  // The subject's requests by their index, without the query builder (decision 362): a subject has few.
  const deleted = (await rowsByKeys(ds, RightsRequestEntity, 'subjectId', [subjectId])).filter(
    (r) => (EXPORT_TYPES as readonly string[]).includes(r.type) && r.packageDeletedAt !== null,
  );
  if (deleted.length === 0) return 0;
  const ids = deleted.map((r) => r.id);
  await ds.getRepository(PackageLinkUseEntity).delete({ requestId: In(ids) });
  await Promise.all(ids.map((id) => unlinkIfThere(path.join(settings.dir, `${id}.zip`))));
  return ids.length;
}
