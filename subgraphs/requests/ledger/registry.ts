import type { EntityManager } from 'typeorm';
import type { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import type { RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';
import type { AuditEntry } from './audit.store';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { RequestDetails } from './request-details';
import type { RequestStatus, RequestType } from './request.enums';
import type { Wait, WaitingRequest, WaitReason, WaitRules } from './waiting';

export type LegReceipt = PrivacyReceipt | RetentionReceipt;

/** Runs one leg of a request: a data subgraph's privacy contract, or this service's own work. */
export type LegRunner = (
  request: RightsRequestEntity,
  subgraph: string,
  details: RequestDetails,
) => Promise<LegReceipt>;

/** How the ledger carries out one type of request: registered by the feature that owns the type. */
export interface RequestTypeSpec {
  /** The subgraphs it has a leg in (none: a request the account's life carries, like a warning). */
  legs: readonly string[];
  /** Runs each leg; absent for a type without legs. */
  run?: LegRunner;
  /**
   * The leg that runs before the others, which wait for it to be done (a rectification: profile,
   * which holds the unique email index, so that its refusal changes no copy).
   */
  firstLeg?: string;
  /** What a request of this type waits for other than its legs (the account's life: a sign-in until a date). */
  waiting?: (request: WaitingRequest, now: Date) => Wait[] | null;
  /**
   * The markers a new request of this type carries: the one live request of its kind a subject
   * may have (`liveKind`, `liveExport`, each unique with the subject).
   */
  markers?: (details: RequestDetails) => { liveKind?: RequestType | null; liveExport?: RequestType | null };
  /**
   * The request already recorded that a new one of this type is (asked twice: one effect), or a
   * refusal thrown (already erased, an export under way). Asked before the new one is written,
   * and again if the unique index refused it (two asked at once).
   */
  existing?: (subjectId: string, details: RequestDetails) => Promise<string | null>;
}

/**
 * A reason legs of some types must wait, registered by the feature that owns it (a legal hold
 * still to be placed in the subgraph). The worker's pass leaves such legs out in SQL, the
 * attempt checks again in its transaction, and the views say why.
 */
export interface LegGate {
  reason: WaitReason;
  types: readonly RequestType[];
  /** A SQL condition on the leg `l` and its request `r`, true while the leg must wait. */
  waitsWhere: { sql: string; params: Record<string, unknown> };
  /** Which of these legs of the request wait at it now: one statement for all of them. */
  waiting(tx: EntityManager, request: RightsRequestEntity, subgraphs: readonly string[]): Promise<ReadonlySet<string>>;
  /** For the views: what it holds now (one statement), as a test of a request's leg. */
  holding(): Promise<GateTest>;
}

/** Whether a gate holds this request's leg in this subgraph (as it stood when read). */
export type GateTest = (request: WaitingRequest, subgraph: string) => boolean;

/** What a listener may change when a request settles: its final status (a review), columns, audit rows. */
export interface Settling {
  status?: RequestStatus;
  changes?: Partial<RightsRequestEntity>;
  audit?: AuditEntry[];
}

/**
 * A feature told of a request's life: in the transaction of the change (a message is written if
 * and only if the change is), or once it committed (what a completed request schedules).
 */
export interface RequestListener {
  received?(tx: EntityManager, request: RightsRequestEntity, now: Date): Promise<void>;
  extended?(tx: EntityManager, request: RightsRequestEntity, change: Extension, now: Date): Promise<void>;
  rejected?(tx: EntityManager, request: RightsRequestEntity, reason: string, now: Date): Promise<void>;
  settling?(
    tx: EntityManager,
    request: RightsRequestEntity,
    legs: readonly RequestLegEntity[],
    status: RequestStatus,
    now: Date,
  ): Promise<Settling | void>;
  settled?(request: RightsRequestEntity): Promise<void>;
}

export interface Extension {
  reason: string;
  months: number;
  dueAt: Date;
}

/**
 * The request types the ledger knows, the gates their legs may wait at, and who listens. A new
 * type is an entry of `RequestType` and one `register` call in its feature; the engine (fanout.ts)
 * knows no feature.
 */
export class RequestTypes {
  private readonly specs = new Map<RequestType, RequestTypeSpec>();
  readonly gates: LegGate[] = [];
  readonly listeners: RequestListener[] = [];

  register(type: RequestType, spec: RequestTypeSpec): void {
    if (this.specs.has(type)) throw new Error(`request type ${type} is registered twice`);
    this.specs.set(type, spec);
  }

  gate(gate: LegGate): void {
    this.gates.push(gate);
  }

  listen(listener: RequestListener): void {
    this.listeners.push(listener);
  }

  spec(type: RequestType): RequestTypeSpec {
    const spec = this.specs.get(type);
    if (!spec) throw new Error(`no feature registered the request type ${type}`);
    return spec;
  }

  firstLeg(type: RequestType): string | null {
    return this.specs.get(type)?.firstLeg ?? null;
  }

  /** The types whose other legs wait for this leg: what the worker's SQL binds. */
  typesFirst(leg: string): RequestType[] {
    return [...this.specs].filter(([, s]) => s.firstLeg === leg).map(([t]) => t);
  }

  /** The first legs any type has (profile): one SQL condition each. */
  firstLegs(): string[] {
    return [...new Set([...this.specs.values()].flatMap((s) => (s.firstLeg ? [s.firstLeg] : [])))];
  }

  /**
   * The rules of waiting for a type: its first leg, its own waits, and what each of its gates
   * holds, read through `holding` (memoHolding: one statement per gate per response, and none
   * for a request whose legs cannot be held).
   */
  async waitRules(type: RequestType, holding: (gate: LegGate) => Promise<GateTest>): Promise<WaitRules> {
    const gates = await Promise.all(
      this.gates
        .filter((g) => g.types.includes(type))
        .map(async (g) => ({ reason: g.reason, holds: await holding(g) })),
    );
    return { firstLeg: this.firstLeg(type), gates, own: this.specs.get(type)?.waiting };
  }
}

/** Each gate's holding read once, when first asked. */
export function memoHolding(): (gate: LegGate) => Promise<GateTest> {
  const read = new Map<LegGate, Promise<GateTest>>();
  return (gate) => {
    let test = read.get(gate);
    if (!test) read.set(gate, (test = gate.holding()));
    return test;
  };
}
