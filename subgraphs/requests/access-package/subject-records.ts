import type { DataSource } from 'typeorm';
import { AccessLogStore } from '../access-log/access-log.store';
import { HoldsStore } from '../holds/holds.store';
import { OutboxStore } from '../mail/outbox.store';

/** At most this many of each record (newest first): far above any real subject. */
export const MAX_RECORDS = 5000;

/** One read of the subject by staff or a tool: who, with which roles, which fields, when. */
export interface StaffRead {
  at: string;
  who: string;
  roles: string[];
  fields: string[];
}

/** A message written to the subject (or about them): never the address, which may be a guardian's. */
export interface MessageSent {
  kind: string;
  language: string;
  subjectLine: string;
  writtenAt: string;
  sentAt: string | null;
}

export interface HoldShown {
  placedAt: string;
  reason: string;
  scope: string;
  subgraph: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
}

/** What this service keeps about a subject beside its requests: records.json of the access package. */
export interface SubjectRecordsData {
  accessLog: StaffRead[];
  messagesSent: MessageSent[];
  legalHolds: HoldShown[];
  /** Holds a dpo marked confidential for a legal reason: counted, not shown. */
  confidentialLegalHolds: number;
  [section: string]: unknown;
}

/** A feature that adds a section of its own (disclosures) to the subject's records. */
export type RecordsSection = (subjectId: string) => Promise<Record<string, unknown>>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * The records the `requests` service keeps about a subject (O9, V11: the whole copy): the access
 * log of staff reads, the messages written, the legal holds. Read from its own tables, not
 * through the export query: they change with every read, and no other service holds them.
 */
export class SubjectRecords {
  private readonly log: AccessLogStore;
  private readonly outbox: OutboxStore;
  private readonly holds: HoldsStore;
  private readonly sections: RecordsSection[] = [];

  constructor(ds: DataSource) {
    this.log = new AccessLogStore(ds);
    this.outbox = new OutboxStore(ds);
    this.holds = new HoldsStore(ds);
  }

  add(section: RecordsSection): void {
    this.sections.push(section);
  }

  async of(subjectId: string): Promise<SubjectRecordsData> {
    const [reads, messages, holds] = await Promise.all([
      this.log.accessLog({ subjectId }, MAX_RECORDS, null, (r) => r).then((p) => p.nodes),
      this.outbox.list({ subjectId }, MAX_RECORDS, null, (m) => m).then((p) => p.nodes),
      this.holds.list({ subjectId }, MAX_RECORDS, null, (h) => h).then((p) => p.nodes),
    ]);
    const extra: Record<string, unknown>[] = await Promise.all(this.sections.map((s) => s(subjectId)));
    const added = extra.reduce<Record<string, unknown>>((all, section) => ({ ...all, ...section }), {});
    return {
      accessLog: reads.map((r) => ({
        at: r.at.toISOString(),
        who: r.principal,
        roles: r.roles.split(','),
        fields: r.fields.split(','),
      })),
      messagesSent: messages.map((m) => ({
        kind: m.kind,
        language: m.language,
        subjectLine: m.subject,
        writtenAt: m.createdAt.toISOString(),
        sentAt: iso(m.sentAt),
      })),
      legalHolds: holds
        .filter((h) => h.confidentialReason === null)
        .map((h) => ({
          placedAt: h.placedAt.toISOString(),
          reason: h.reason,
          scope: h.scope,
          subgraph: h.subgraph,
          releasedAt: iso(h.releasedAt),
          releaseReason: h.releaseReason,
        })),
      confidentialLegalHolds: holds.filter((h) => h.confidentialReason !== null).length,
      ...added,
    };
  }
}
