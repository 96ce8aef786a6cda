/**
 * What the access log costs one export, measured rather than stated: the same export of the same
 * subject, sent by export tooling (a `service` token: the read is logged, one POST to `requests`
 * and one INSERT committed before the answer) and by the subject themself (their own reads are
 * not logged), interleaved, one at a time.
 */
import { FEATURED } from '../../common/demo/plan';
import { demoId } from '../../common/demo/random';
import { log } from './cli';
import { post, type GatewayTarget, type SingleData } from './client';
import { stats, type Stats } from './measure';
import type { Stack } from './stack';

export interface AccessLogCost {
  /** The export as export tooling sends it: logged. */
  logged: Stats;
  /** The same export by the subject themself: not logged. */
  unlogged: Stats;
}

/** Subjects taken in turn (each subject's token is verified once, in the warm-up, then remembered). */
const SUBJECTS = 50;

export async function measureAccessLogCost(
  stack: Required<Stack>,
  runs: number,
  query: string,
): Promise<AccessLogCost> {
  const ids = Array.from({ length: SUBJECTS }, (_, i) => demoId('subject', FEATURED.length + 100 + i));
  const asSubject = new Map<string, GatewayTarget>();
  for (const id of ids) asSubject.set(id, await stack.asSubject(id));
  const once = async (target: GatewayTarget, id: string): Promise<number> => {
    const r = await post<SingleData>(target, query, { id });
    if (r.data.subject?.id !== id) throw new Error(`export of ${id} returned another subject`);
    return r.ms;
  };
  log(`measuring the access log's share: ${runs} exports logged and not, interleaved...`);
  for (const id of ids) await Promise.all([once(stack.gateway, id), once(asSubject.get(id)!, id)]);
  const logged: number[] = [];
  const unlogged: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const id = ids[i % ids.length];
    const sides: Array<[number[], GatewayTarget]> = [
      [logged, stack.gateway],
      [unlogged, asSubject.get(id)!],
    ];
    if (i % 2 === 1) sides.reverse();
    for (const [samples, target] of sides) samples.push(await once(target, id));
  }
  return { logged: stats(logged), unlogged: stats(unlogged) };
}
