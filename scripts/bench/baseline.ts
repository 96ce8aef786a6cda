/**
 * Baseline: the same rows read straight from the databases, no GraphQL, no HTTP. Also counts the
 * records of an export, the gateway's or the baseline's, to check both read the same data.
 */
import Database from 'better-sqlite3';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { DATA_SUBGRAPH_NAMES, type DataSubgraphName, type DbConfig } from '../../common/config';
import { mysqlDatabaseName } from '../../common/datasource';

export type Row = Record<string, unknown>;

/** Runs one SELECT against one subgraph's database. */
export interface Reader {
  all(db: DataSubgraphName, sql: string, params: readonly string[]): Promise<Row[]>;
  version(): Promise<string>;
  close(): Promise<void>;
}

export function mysqlReader(cfg: DbConfig): Reader {
  // One pool per database, sized like the subgraphs' TypeORM pools, so independent SELECTs overlap.
  const pools = Object.fromEntries(
    DATA_SUBGRAPH_NAMES.map((name) => [
      name,
      mysql.createPool({
        host: cfg.mysql.host,
        port: cfg.mysql.port,
        user: cfg.mysql.user,
        password: cfg.mysql.password,
        database: mysqlDatabaseName(cfg, name),
        charset: 'utf8mb4_unicode_ci',
        timezone: 'Z',
        connectionLimit: 10,
      }),
    ]),
  ) as Record<DataSubgraphName, Pool>;
  return {
    async all(db, sql, params) {
      // `query`, not `execute`: TypeORM sends text statements too, so both sides parse the same way.
      const [rows] = await pools[db].query<RowDataPacket[]>(sql, [...params]);
      return rows;
    },
    async version() {
      const [rows] = await pools.profile.query<RowDataPacket[]>('SELECT VERSION() AS v');
      return `MySQL/MariaDB ${String(rows[0]?.v)}`;
    },
    async close() {
      await Promise.all(Object.values(pools).map((p) => p.end()));
    },
  };
}

export function sqliteReader(files: Record<DataSubgraphName, string>): Reader {
  const dbs = Object.fromEntries(
    DATA_SUBGRAPH_NAMES.map((n) => [n, new Database(files[n], { readonly: true, fileMustExist: true })]),
  ) as Record<DataSubgraphName, Database.Database>;
  // Prepared once per distinct SQL, as TypeORM's better-sqlite3 driver caches its statements.
  const statements = new Map<string, Database.Statement>();
  return {
    async all(db, sql, params) {
      const key = `${db}\n${sql}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = dbs[db].prepare(sql);
        statements.set(key, stmt);
      }
      return stmt.all(...params) as Row[];
    },
    async version() {
      const row = dbs.profile.prepare('SELECT sqlite_version() AS v').get() as Row;
      return `SQLite ${String(row.v)} (better-sqlite3)`;
    },
    async close() {
      for (const db of Object.values(dbs)) db.close();
    },
  };
}

/** One collection of the export: the table and order its subgraph store reads it with. */
interface Collection {
  /** The key in the export, named like the GraphQL field so both exports can be compared. */
  key: string;
  db: DataSubgraphName;
  table: string;
  /** `subject_id` unless said otherwise. */
  by?: string;
  /** ORDER BY column (then id), as in the store; none for one-row-per-subject tables. */
  order?: string;
  one?: boolean;
}

// Table and column names from subgraphs/*/migrations; orders from subgraphs/*/*.store.ts.
const COLLECTIONS: readonly Collection[] = [
  { key: 'subject', db: 'profile', table: 'subject', by: 'id', one: true },
  { key: 'professional', db: 'profile', table: 'professional_context', one: true },
  { key: 'financialSituation', db: 'profile', table: 'financial_situation', one: true },
  { key: 'consentEvents', db: 'profile', table: 'consent_event', order: 'recorded_at' },
  { key: 'sponsorship', db: 'profile', table: 'employer_sponsorship', one: true },
  { key: 'communicationPreferences', db: 'profile', table: 'communication_preference', one: true },
  { key: 'mentoringSessions', db: 'sessions', table: 'mentoring_session', order: 'scheduled_at' },
  { key: 'mentorAssignments', db: 'sessions', table: 'mentor_assignment', order: 'starts_on' },
  { key: 'documents', db: 'sessions', table: 'shared_document', order: 'shared_at' },
  { key: 'evaluations', db: 'sessions', table: 'session_evaluation', order: 'submitted_at' },
  { key: 'learningProgress', db: 'sessions', table: 'learning_progress', order: 'started_at' },
  { key: 'downloads', db: 'sessions', table: 'resource_download', order: 'downloaded_at' },
  { key: 'connectionLogs', db: 'sessions', table: 'connection_log', order: 'started_at' },
  { key: 'billingAccount', db: 'billing', table: 'billing_account', one: true },
  { key: 'invoices', db: 'billing', table: 'invoice', order: 'issued_at' },
  { key: 'payments', db: 'billing', table: 'payment', order: 'paid_at' },
  { key: 'subscriptions', db: 'billing', table: 'subscription', order: 'started_at' },
];
const TICKETS: Collection = { key: 'supportTickets', db: 'support', table: 'support_ticket', order: 'opened_at' };
/** A ticket's messages, read by subject through their ticket as the support store reads them (decision 347). */
function messagesOfSubjects(keys: number): string {
  const marks = Array.from({ length: keys }, () => '?').join(', ');
  return `SELECT m.* FROM support_message m JOIN support_ticket t ON t.id = m.ticket_id WHERE t.subject_id IN (${marks}) ORDER BY m.sent_at ASC, m.id ASC`;
}

/** Every column, like the entities (they map every column of their table). */
function selectIn(c: Collection, keys: number): string {
  const marks = Array.from({ length: keys }, () => '?').join(', ');
  return `SELECT * FROM ${c.table} WHERE ${c.by ?? 'subject_id'} IN (${marks})${c.order ? ` ORDER BY ${c.order} ASC, id ASC` : ''}`;
}

function groupBy(rows: readonly Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[column]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** JSON carries no bytes: documents travel as base64, as the GraphQL `contentBase64` field does. */
function withBase64(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
  return out;
}

export interface BaselineResult {
  exports: Array<Row | null>;
  json: string;
}

/**
 * The same SELECTs as the subgraphs (one per collection for all ids, the tickets' messages by
 * subject through their tickets), all at once, assembled into one export per subject and serialised.
 */
export async function baselineExport(reader: Reader, ids: readonly string[]): Promise<BaselineResult> {
  const [collections, ticketRows, messageRows] = await Promise.all([
    Promise.all(COLLECTIONS.map((c) => reader.all(c.db, selectIn(c, ids.length), ids))),
    reader.all(TICKETS.db, selectIn(TICKETS, ids.length), ids),
    reader.all('support', messagesOfSubjects(ids.length), ids),
  ]);
  const grouped = COLLECTIONS.map((c, i) => groupBy(collections[i], c.by ?? 'subject_id'));
  const ticketsBySubject = groupBy(ticketRows, 'subject_id');
  const messagesByTicket = groupBy(messageRows, 'ticket_id');
  const exports = ids.map((id): Row | null => {
    const subject = grouped[0].get(id)?.[0];
    if (!subject) return null;
    const out: Row = { ...subject };
    COLLECTIONS.forEach((c, i) => {
      if (i === 0) return;
      const rows = grouped[i].get(id) ?? [];
      const json = c.table === 'shared_document' ? rows.map(withBase64) : rows;
      out[c.key] = c.one ? (json[0] ?? null) : json;
    });
    out[TICKETS.key] = (ticketsBySubject.get(id) ?? []).map((t) => ({
      ...t,
      messages: messagesByTicket.get(String(t.id)) ?? [],
    }));
    return out;
  });
  return { exports, json: JSON.stringify(ids.length === 1 ? exports[0] : exports) };
}

/** Records per collection of one export; works on the gateway's and the baseline's alike. */
export function recordCounts(subject: Row | null | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!subject) return counts;
  const list = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
  for (const c of COLLECTIONS) if (!c.one) counts[c.key] = list(subject[c.key]).length;
  // The gateway folds consent events into one consent per purpose, each with its history.
  if ('consents' in subject)
    counts.consentEvents = list(subject.consents).reduce((n, c) => n + list(c.history).length, 0);
  const tickets = list(subject[TICKETS.key]);
  counts[TICKETS.key] = tickets.length;
  counts.messages = tickets.reduce((n, t) => n + list(t.messages).length, 0);
  return counts;
}

/** Records per collection over several exports. */
export function sumCounts(subjects: ReadonlyArray<Row | null>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const s of subjects) for (const [k, v] of Object.entries(recordCounts(s))) total[k] = (total[k] ?? 0) + v;
  return total;
}

export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

export function totalRecords(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, v) => n + v, 0);
}
