import type { As, GraphQLResponse, Stack } from './stack';

/** Everything a DataSubjectRequest says, receipts included. */
export const REQUEST_FIELDS = `id type status subjectId dryRun reason receivedAt dueAt overdue extendedMonths extensionReason completedAt rejectionReason awaitingConfirmation changedFields scope purpose granted recipientsToNotify
  legs { subgraph status attempts lastError receipt { subgraph operation requestId outcome entities { entity deleted anonymised updated retained { id ground until untilEvent } } recipients } }`;

export interface Receipt {
  subgraph: string;
  operation: string;
  requestId: string;
  outcome: string;
  entities: Array<{
    entity: string;
    deleted: number;
    anonymised: number;
    updated: number;
    retained: Array<{ id: string; ground: string; until: string | null; untilEvent: string | null }>;
  }>;
  recipients: string[];
}

export interface RequestLeg {
  subgraph: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receipt: Receipt | null;
}

export interface DsRequest {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  dryRun: boolean;
  reason: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  extendedMonths: number;
  extensionReason: string | null;
  completedAt: string | null;
  rejectionReason: string | null;
  awaitingConfirmation: boolean;
  changedFields: string[];
  scope: string | null;
  purpose: string | null;
  granted: boolean | null;
  recipientsToNotify: string[];
  legs: RequestLeg[];
}

/** Runs a rights mutation (its name is the key of the answer) and returns the request, or the errors. */
export async function rights(
  stack: Pick<Stack, 'query'>,
  mutation: string,
  input: Record<string, unknown>,
  as?: As,
): Promise<GraphQLResponse<DsRequest> & { request?: DsRequest }> {
  const res = await stack.query<Record<string, DsRequest>>(
    `mutation($input: ${inputType(mutation)}!) { r: ${mutation}(input: $input) { ${REQUEST_FIELDS} ${WAITING} } }`,
    { input: withIdentity(input, as) },
    as,
  );
  const request = res.data?.r ? saysWhy(res.data.r) : undefined;
  return { ...res, data: request ?? null, request };
}

/** How the tests' dpo says they verified the subject (O14, V27): every request a dpo enters needs one. */
export const DPO_IDENTITY = { method: 'IDENTITY_DOCUMENT', evidenceRef: 'test: identity document seen' } as const;

/**
 * The input as a dpo enters it: with `DPO_IDENTITY` unless the test gives its own (or null, to be
 * refused). A subject's own token is their verification, so theirs is left as it is.
 */
export function withIdentity(input: Record<string, unknown>, as?: As): Record<string, unknown> {
  const roles = as?.roles ?? [as?.role ?? 'dpo'];
  const dpo = as?.token === undefined && roles.includes('dpo');
  if (!dpo || 'identityVerification' in input) return input;
  return { ...input, identityVerification: DPO_IDENTITY };
}

/** Asked of every request the helpers read, and checked by saysWhy. */
const WAITING = 'waitingFor { reason subgraph until }';
const OPEN = ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW', 'UNDER_EXAMINATION'];

/**
 * Every request a test reads through these helpers says what it waits for while it is open, and
 * nothing once closed: nothing is open without a reason. Returns it without that
 * field, so that the whole-request assertions of the tests stay as they were.
 */
function saysWhy(r: DsRequest & { waitingFor?: unknown[] }): DsRequest {
  const { waitingFor, ...rest } = r;
  // A dry run is answered at once and never recorded: it waits for nothing, whatever its status.
  const open = OPEN.includes(r.status) && !r.dryRun;
  if (!Array.isArray(waitingFor) || (open ? waitingFor.length === 0 : waitingFor.length > 0))
    throw new Error(`request ${r.id} is ${r.status} and waits for ${JSON.stringify(waitingFor)}`);
  return rest;
}

function inputType(mutation: string): string {
  return `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
}

export async function requestById(stack: Pick<Stack, 'query'>, id: string, as?: As): Promise<DsRequest | null> {
  const res = await stack.query<{ r: DsRequest | null }>(
    `query($id: ID!) { r: dataSubjectRequest(id: $id) { ${REQUEST_FIELDS} ${WAITING} } }`,
    { id },
    as,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data?.r ? saysWhy(res.data.r) : null;
}

/** Polls until the request is in one of `statuses` (the worker's retries), or fails after `timeoutMs`. */
export async function waitForStatus(
  stack: Pick<Stack, 'query'>,
  id: string,
  statuses: string[],
  timeoutMs = 20_000,
): Promise<DsRequest> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await requestById(stack, id);
    if (r && statuses.includes(r.status)) return r;
    if (Date.now() > until)
      throw new Error(`request ${id} still ${r?.status} after ${timeoutMs} ms: ${JSON.stringify(r?.legs)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A receipt without its timestamp and request id: what two runs of the same operation share. */
export function receiptContent(r: Receipt | null): Omit<Receipt, 'requestId' | 'outcome'> | null {
  if (!r) return null;
  const { requestId: _id, outcome: _outcome, ...rest } = r;
  return rest;
}
