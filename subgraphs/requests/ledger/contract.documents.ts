/**
 * The GraphQL documents the ledger sends to the privacy contract of the data subgraphs: one per
 * operation a leg carries, and the retention sweep's. Kept apart from the client that sends them.
 */
import type { Changes } from '../../../common/privacy-contract/changes.input';

/** What one leg asks of its subgraph; the same for every subgraph of a request. */
export type ContractCall =
  | { operation: 'erase'; dryRun: boolean; categories: string[] | null }
  | { operation: 'rectify'; changes: Changes }
  | { operation: 'restrict'; kind: 'RESTRICTION' | 'OBJECTION'; scope: string; categories?: string[] | null }
  | { operation: 'lift'; scope: string }
  | { operation: 'unobject' }
  | { operation: 'consent'; purpose: string; granted: boolean }
  | { operation: 'hold'; holdId: string; reason: string; recordIds: string[] | null; dryRun: boolean }
  | { operation: 'release'; holdId: string; erasures: string[] }
  | { operation: 'close'; closedAt: string }
  | { operation: 'correct-archived'; recordId: string; description: string };

const RECEIPT =
  'subgraph operation requestId outcome at entities { entity deleted anonymised updated retained { id ground until untilEvent holdId reason } notErased { category reason } } recipients carriesOut categories';

export const DOCUMENTS: Record<ContractCall['operation'], string> = {
  erase: `mutation($s: ID!, $r: ID!, $dryRun: Boolean!, $categories: [String!]) { receipt: privacyErase(subjectId: $s, requestId: $r, dryRun: $dryRun, categories: $categories) { ${RECEIPT} } }`,
  rectify: `mutation($s: ID!, $r: ID!, $changes: RectificationChanges!) { receipt: privacyRectify(subjectId: $s, requestId: $r, changes: $changes) { ${RECEIPT} } }`,
  restrict: `mutation($s: ID!, $r: ID!, $kind: RestrictionKind!, $scope: RestrictionScope!, $categories: [String!]) { receipt: privacyRestrict(subjectId: $s, requestId: $r, kind: $kind, scope: $scope, categories: $categories) { ${RECEIPT} } }`,
  unobject: `mutation($s: ID!, $r: ID!) { receipt: privacyUnobject(subjectId: $s, requestId: $r) { ${RECEIPT} } }`,
  lift: `mutation($s: ID!, $r: ID!, $scope: RestrictionScope!) { receipt: privacyLift(subjectId: $s, requestId: $r, scope: $scope) { ${RECEIPT} } }`,
  close: `mutation($s: ID!, $r: ID!, $closedAt: DateTimeISO!) { receipt: privacyClose(subjectId: $s, requestId: $r, closedAt: $closedAt) { ${RECEIPT} } }`,
  consent: `mutation($s: ID!, $r: ID!, $purpose: ConsentPurpose!, $granted: Boolean!) { receipt: privacyConsent(subjectId: $s, requestId: $r, purpose: $purpose, granted: $granted) { ${RECEIPT} } }`,
  'correct-archived': `mutation($s: ID!, $r: ID!, $recordId: ID!, $description: String!) { receipt: privacyCorrectArchived(subjectId: $s, requestId: $r, recordId: $recordId, description: $description) { ${RECEIPT} } }`,
  hold: `mutation($s: ID!, $r: ID!, $holdId: ID!, $reason: String!, $recordIds: [ID!], $dryRun: Boolean!) { receipt: privacyHold(subjectId: $s, requestId: $r, holdId: $holdId, reason: $reason, recordIds: $recordIds, dryRun: $dryRun) { ${RECEIPT} } }`,
  release: `mutation($s: ID!, $r: ID!, $holdId: ID!, $erasures: [ID!]!) { receipt: privacyRelease(subjectId: $s, requestId: $r, holdId: $holdId, erasures: $erasures) { ${RECEIPT} } }`,
};

export const RETAIN = `mutation($r: ID!, $asOf: DateTimeISO!, $dryRun: Boolean!) { receipt: privacyRetain(runId: $r, asOf: $asOf, dryRun: $dryRun) {
  subgraph runId asOf outcome at rules { rule entity sentence description period cutoff deleted anonymised kept keptGround keptUntilEvent keptHolds subjects } } }`;
