import { FANOUT_ROLE } from '../../../common/access';
import type { DataSubgraphName } from '../../../common/config';
import { postInternal } from '../../../common/internal-post';
import type { HttpAnswer } from '../../../common/http-client';
import { CONTRACT_MAX_IDS } from '../../../common/validation';
import { receiptFromJson, type PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import { retentionReceiptFromJson, type RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';
import { DOCUMENTS, RETAIN, type ContractCall } from './contract.documents';

export type { ContractCall } from './contract.documents';

/**
 * A failed call. `retry`: worth trying again later (the subgraph is down, slow, or broke);
 * otherwise the subgraph answered that it will not do it (unknown subject, email taken).
 * The message is ours, never the subgraph's URL or a stack: the DPO reads it on the leg.
 */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Where a subject stands in profile, and how to write to them. */
export interface SubjectContact {
  status: string;
  email: string | null;
  locale: string | null;
}

/** A subject's last activity as profile tells it (the inactivity rule). */
export interface SubjectActivity extends SubjectContact {
  id: string;
  lastActivity: Date;
  birthDate: string | null;
  fullName: string | null;
}
const ACTIVITY = 'id status lastActivity email locale birthDate fullName';
const parseActivity = (a: SubjectActivity): SubjectActivity => ({ ...a, lastActivity: new Date(a.lastActivity) });

/** Codes a subgraph answers with when retrying cannot help. */
const FINAL_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'EMAIL_TAKEN', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED']);

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** The `requests` service calling the privacy contract of the data subgraphs, directly (not through the gateway). */
export class ContractClient {
  constructor(
    private readonly peers: Record<DataSubgraphName, string>,
    private readonly key: Uint8Array,
    private readonly timeoutMs: number,
  ) {}

  async call(
    subgraph: DataSubgraphName,
    subjectId: string,
    requestId: string,
    call: ContractCall,
  ): Promise<PrivacyReceipt> {
    const { operation, ...args } = call;
    const data = await this.post<{ receipt: PrivacyReceipt }>(subgraph, requestId, DOCUMENTS[operation], {
      s: subjectId,
      r: requestId,
      ...args,
    });
    // Dates arrive as strings: the same parsing as a stored receipt.
    return receiptFromJson(JSON.stringify(data.receipt));
  }

  /** A subgraph's part of a retention sweep (the run id is the sweep's request id). */
  async retain(subgraph: DataSubgraphName, runId: string, asOf: Date, dryRun: boolean): Promise<RetentionReceipt> {
    const data = await this.post<{ receipt: RetentionReceipt }>(subgraph, runId, RETAIN, {
      r: runId,
      asOf: asOf.toISOString(),
      dryRun,
    });
    return retentionReceiptFromJson(JSON.stringify(data.receipt));
  }

  /** The subject's status in profile (ACTIVE, ERASED...), or null when there is no such subject. */
  async subjectStatus(subjectId: string, requestId: string): Promise<string | null> {
    const data = await this.post<{ status: string | null }>(
      'profile',
      requestId,
      'query($s: ID!) { status: privacySubjectStatus(subjectId: $s) }',
      { s: subjectId },
    );
    return data.status;
  }

  /** Whether this archived record (an issued invoice) is the subject's in billing (O35). */
  async archivedRecord(subjectId: string, recordId: string, requestId: string): Promise<boolean> {
    const data = await this.post<{ found: boolean }>(
      'billing',
      requestId,
      'query($s: ID!, $r: ID!) { found: privacyArchivedRecord(subjectId: $s, recordId: $r) }',
      { s: subjectId, r: recordId },
    );
    return data.found;
  }

  /** The subject's status, address and locale in profile, or null when there is no such subject. */
  async subjectContact(subjectId: string, requestId: string): Promise<SubjectContact | null> {
    const data = await this.post<{ contact: SubjectContact | null }>(
      'profile',
      requestId,
      'query($s: ID!) { contact: privacySubjectContact(subjectId: $s) { status email locale } }',
      { s: subjectId },
    );
    return data.contact;
  }

  /** Accounts without activity since before `before` (profile): whom the inactivity rule warns, a page at a time. */
  async *inactiveSubjects(before: Date, requestId: string): AsyncGenerator<SubjectActivity[]> {
    for (let after: string | null = null; ;) {
      const data: { list: SubjectActivity[] } = await this.post(
        'profile',
        requestId,
        `query($b: DateTimeISO!, $a: ID) { list: privacyInactiveSubjects(before: $b, after: $a) { ${ACTIVITY} } }`,
        { b: before.toISOString(), a: after },
      );
      if (data.list.length > 0) yield data.list.map(parseActivity);
      if (data.list.length < CONTRACT_MAX_IDS) return;
      after = data.list[data.list.length - 1].id;
    }
  }

  /** Subjects under the policy's minimum age as of `asOf` (profile), not erased. */
  async minors(asOf: Date, requestId: string): Promise<SubjectActivity[]> {
    const data = await this.post<{ list: SubjectActivity[] }>(
      'profile',
      requestId,
      `query($a: DateTimeISO!) { list: privacyMinors(asOf: $a) { ${ACTIVITY} } }`,
      { a: asOf.toISOString() },
    );
    return data.list.map(parseActivity);
  }

  /** The activity of these subjects (profile), an unknown id left out; any number of ids (inPages). */
  async subjectsActivity(subjectIds: readonly string[], requestId: string): Promise<SubjectActivity[]> {
    return inPages(subjectIds, async (page) => {
      const data = await this.post<{ list: SubjectActivity[] }>(
        'profile',
        requestId,
        `query($s: [ID!]!) { list: privacySubjectsActivity(subjectIds: $s) { ${ACTIVITY} } }`,
        { s: page },
      );
      return data.list.map(parseActivity);
    });
  }

  /** Each subject's latest activity in sessions (visits, sessions, downloads...); none: left out. Paged as above. */
  async sessionsActivity(
    subjectIds: readonly string[],
    requestId: string,
  ): Promise<Array<{ id: string; lastActivity: Date }>> {
    return inPages(subjectIds, async (page) => {
      const data = await this.post<{ list: Array<{ id: string; lastActivity: string }> }>(
        'sessions',
        requestId,
        'query($s: [ID!]!) { list: privacyLastActivity(subjectIds: $s) { id lastActivity } }',
        { s: page },
      );
      return data.list.map((a) => ({ id: a.id, lastActivity: new Date(a.lastActivity) }));
    });
  }

  private async post<T>(
    subgraph: DataSubgraphName,
    requestId: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    let res: HttpAnswer;
    try {
      res = await postInternal(
        { url: this.peers[subgraph], audience: subgraph, key: this.key, timeoutMs: this.timeoutMs },
        { principal: { sub: 'requests-service', roles: [FANOUT_ROLE] }, requestId },
        { query, variables },
      );
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new ContractError(
        timedOut ? `${subgraph} did not answer within ${this.timeoutMs} ms` : `${subgraph} is unreachable`,
        true,
        'SUBGRAPH_UNAVAILABLE',
      );
    }
    let body: GraphQLAnswer<T>;
    try {
      body = (await res.json()) as GraphQLAnswer<T>;
    } catch {
      throw new ContractError(
        `${subgraph} answered HTTP ${res.status} without a GraphQL body`,
        true,
        'SUBGRAPH_UNAVAILABLE',
      );
    }
    const error = body.errors?.[0];
    if (error || !body.data) {
      const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      throw new ContractError(
        `${subgraph}: ${code}: ${(error?.message ?? 'no data').slice(0, 200)}`,
        !FINAL_CODES.has(code),
        code,
      );
    }
    return body.data;
  }
}

/** `lookup` a page of CONTRACT_MAX_IDS ids at a time (a sweep's running warnings can be thousands). */
async function inPages<T>(ids: readonly string[], lookup: (page: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += CONTRACT_MAX_IDS)
    found.push(...(await lookup(ids.slice(i, i + CONTRACT_MAX_IDS))));
  return found;
}
