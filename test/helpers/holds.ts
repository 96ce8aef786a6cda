import { exportQuery } from '../../schema/supergraph';
import type { As, GraphQLResponse, Stack } from './stack';

export const HOLD_FIELDS =
  'id subjectId scope subgraph recordIds reason placedBy placedAt placeRequestId releasedAt releasedBy releaseReason releaseRequestId';

/** A request with receipts that name holds and what a release carried out. */
export const HELD_REQUEST_FIELDS = `id type status subjectId reason
  legs { subgraph status attempts lastError receipt { subgraph operation outcome categories carriesOut entities { entity deleted anonymised updated retained { id ground until untilEvent holdId reason } notErased { category reason } } } }`;

export interface Hold {
  id: string;
  subjectId: string;
  scope: string;
  subgraph: string | null;
  recordIds: string[] | null;
  reason: string;
  placedBy: string;
  placedAt: string;
  placeRequestId: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  releaseRequestId: string | null;
}

export interface Retained {
  id: string;
  ground: string;
  until: string | null;
  untilEvent: string | null;
  holdId: string | null;
  reason: string | null;
}

export interface HeldEntity {
  entity: string;
  deleted: number;
  anonymised: number;
  updated: number;
  retained: Retained[];
  notErased?: Array<{ category: string; reason: string }>;
}

export interface HeldRequest {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  reason: string | null;
  legs: Array<{
    subgraph: string;
    status: string;
    attempts: number;
    lastError: string | null;
    receipt: {
      subgraph: string;
      operation: string;
      outcome: string;
      carriesOut: string[];
      entities: HeldEntity[];
    } | null;
  }>;
}

export async function placeHold(
  stack: Pick<Stack, 'query'>,
  input: Record<string, unknown>,
  as?: As,
): Promise<GraphQLResponse<{ hold: Hold }>> {
  return stack.query<{ hold: Hold }>(
    `mutation($input: PlaceLegalHoldInput!) { hold: placeLegalHold(input: $input) { ${HOLD_FIELDS} } }`,
    { input },
    as,
  );
}

export async function releaseHold(
  stack: Pick<Stack, 'query'>,
  id: string,
  reason: string,
  as?: As,
): Promise<GraphQLResponse<{ hold: Hold }>> {
  return stack.query<{ hold: Hold }>(
    `mutation($id: ID!, $reason: String!) { hold: releaseLegalHold(id: $id, reason: $reason) { ${HOLD_FIELDS} } }`,
    { id, reason },
    as,
  );
}

/** A request with its receipts, once it is in one of `statuses`. */
export async function heldRequest(
  stack: Pick<Stack, 'query'>,
  id: string,
  statuses = ['COMPLETED'],
  timeoutMs = 20_000,
): Promise<HeldRequest> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await stack.query<{ r: HeldRequest | null }>(
      `query($id: ID!) { r: dataSubjectRequest(id: $id) { ${HELD_REQUEST_FIELDS} } }`,
      { id },
    );
    const r = res.data?.r;
    if (r && statuses.includes(r.status)) return r;
    if (Date.now() > until) throw new Error(`request ${id} still ${r?.status}: ${JSON.stringify(res)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One subgraph's receipt line for one entity. */
export function entityOf(request: HeldRequest, subgraph: string, entity: string): HeldEntity | undefined {
  return request.legs.find((l) => l.subgraph === subgraph)?.receipt?.entities.find((e) => e.entity === entity);
}

export type SubjectExport = Record<string, unknown> & {
  status: string;
  fullName: string | null;
  supportTickets: Array<{ id: string; type: string; disputed: boolean; messages: Array<{ id: string }> }>;
  mentoringSessions: Array<{ id: string }>;
  connectionLogs: Array<{ id: string }>;
  invoices: Array<{ id: string }>;
  payments: Array<{ id: string }>;
};

/** The subject's whole export, as the export tooling asks for it. */
export async function exportOf(stack: Pick<Stack, 'query'>, id: string): Promise<SubjectExport> {
  const res = await stack.query<{ subject: SubjectExport }>(exportQuery(), { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.subject;
}

/** The export without what a new request adds to it (its own ledger record). */
export function withoutRequests(e: SubjectExport): Record<string, unknown> {
  const { requests: _requests, ...rest } = e;
  return rest;
}
