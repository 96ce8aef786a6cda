import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import { fail } from '../../../common/errors';
import type { ContractClient } from '../ledger/contract.client';
import { contractLegs, required } from '../ledger/contract.runner';
import type { Ledger } from '../ledger/ledger';
import { objectionExamination } from './objection.examination';

/**
 * The rights a subject exercises (Art. 16, 17, 18, 21, 7(3)), each a request whose legs call the
 * same privacy-contract operation in every data subgraph. A rectification reaches profile first:
 * profile holds the unique email index, so if it refuses (EMAIL_TAKEN) no other copy changed.
 */
export function registerRights(ledger: Ledger, client: ContractClient): void {
  const { types, store } = ledger;
  const legs = DATA_SUBGRAPH_NAMES;
  types.register('ERASURE', {
    legs,
    run: contractLegs(client, (d) => ({ operation: 'erase', dryRun: false, categories: d.categories ?? null })),
    // A partial erasure leaves the subject a subject: it is not "the" erasure (V29).
    markers: (d) => ({ liveKind: d.categories ? null : 'ERASURE' }),
    existing: async (subjectId, d) => {
      if (d.categories) return null;
      const live = await store.live(subjectId, 'ERASURE');
      if (live?.status === 'COMPLETED')
        throw fail('ALREADY_ERASED', 'This subject is already erased.', { requestId: live.id });
      return live?.id ?? null;
    },
  });
  types.register('RECTIFICATION', {
    legs,
    firstLeg: 'profile',
    run: contractLegs(client, (d) => ({
      operation: 'rectify',
      changes: required(d.changes, 'changes (closed already?)'),
    })),
  });
  types.register('RESTRICTION', {
    legs,
    run: contractLegs(client, (d) => ({
      operation: 'restrict',
      kind: 'RESTRICTION',
      scope: d.scope ?? 'ALL',
      categories: d.categories ?? null,
    })),
  });
  types.register('OBJECTION', {
    legs,
    // Examined (O36, V46): the processing stops at once (restricted meanwhile); a refusal ends it
    // again, the same legs run a second time after the decision.
    run: contractLegs(client, (d) =>
      d.objection?.decision === 'REFUSED'
        ? { operation: 'unobject' }
        : { operation: 'restrict', kind: 'OBJECTION', scope: d.purpose ?? 'ALL' },
    ),
  });
  types.listen(objectionExamination());
  types.register('LIFT_RESTRICTION', {
    legs,
    run: contractLegs(client, (d) => ({ operation: 'lift', scope: d.scope ?? 'ALL' })),
  });
  types.register('CONSENT', {
    legs,
    run: contractLegs(client, (d) => ({ operation: 'consent', purpose: d.purpose ?? '', granted: d.granted ?? false })),
  });
}
