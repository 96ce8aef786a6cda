import fs from 'node:fs';
import path from 'node:path';
import { In, type DataSource } from 'typeorm';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/** The outbox ids of the `.eml` copies in `dir` (none when no message was ever written there). */
async function emlIds(dir: string): Promise<string[]> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.eml')).map((n) => n.slice(0, -'.eml'.length));
}

const remove = (dir: string, ids: readonly string[]) =>
  Promise.all(ids.map((id) => unlinkIfThere(path.join(dir, `${id}.eml`))));

/**
 * Removes a file, if there is one: one `unlink`. (`fs.rm` with `force` first asks what the path
 * is, with all the work of a recursive remover, for every file: most of an erasure's cost here.)
 */
export async function unlinkIfThere(file: string): Promise<void> {
  await fs.promises.unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * The `.eml` copies follow their outbox rows: a file whose message the sweep deleted (the outbox's
 * period, the rights-requests period, an erased subject's leftovers) goes too. Asked again it finds
 * nothing more to do.
 */
export async function purgeMailFiles(ds: DataSource, dir: string): Promise<number> {
  const ids = await emlIds(dir);
  if (ids.length === 0) return 0;
  const kept = new Set(
    (await ds.getRepository(OutboxMessageEntity).find({ select: { id: true }, where: { id: In(ids) } })).map(
      (m) => m.id,
    ),
  );
  const gone = ids.filter((id) => !kept.has(id));
  await remove(dir, gone);
  return gone.length;
}

/**
 * An erasure: every `.eml` copy of a message about the subject goes at once (the rows follow at
 * the sweep). The subject's messages are read by their index and their files removed by name:
 * no listing of the folder, which holds every message the service wrote.
 */
export async function eraseMailFilesOf(ds: DataSource, dir: string, subjectId: string): Promise<number> {
  // No folder: no message was ever written as a file here (mail goes by SMTP).
  if (!(await fs.promises.stat(dir).catch(() => null))) return 0;
  const theirs = (await ds.getRepository(OutboxMessageEntity).find({ select: { id: true }, where: { subjectId } })).map(
    (m) => m.id,
  );
  await remove(dir, theirs);
  return theirs.length;
}
