import { createElement as h, useEffect, useState, type ReactElement } from 'react';
import { gql } from './api';
import { dateText, statusText } from './i18n';
import { objectionActions } from './objection.view';
import { Action, errorText, table, type Ctx } from './ui';

interface Row {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Row[];
}

const LIST = `query($first: Int, $after: String, $filter: RequestFilter) {
  dataSubjectRequests(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id type status subjectId receivedAt dueAt overdue } } }`;

// The browser bundle does not load common/calendar-date.ts (it imports the GraphQL errors).
const DAY_MS = 86_400_000;
const SOON_MS = 3 * DAY_MS;

/** Overdue, due within 3 days, or neither: the row's colour. */
export function urgency(r: { dueAt: string; overdue: boolean }, now = Date.now()): string {
  if (r.overdue) return 'overdue';
  return Date.parse(r.dueAt) - now < SOON_MS ? 'soon' : '';
}

/** Open requests, oldest due first, a page at a time; a click opens one. */
export function RequestsView(p: { ctx: Ctx; subjectId?: string; onOpen: (id: string) => void }): ReactElement {
  const { t, lang } = p.ctx;
  const [rows, setRows] = useState<Row[]>([]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState('');
  const filter = p.subjectId ? { subjectId: p.subjectId } : { open: true };
  const load = (after: string | null) =>
    gql<{ dataSubjectRequests: Page }>(p.ctx.session, LIST, { first: 50, after, filter }).then(
      (d) => {
        setPage(d.dataSubjectRequests);
        setRows((before) => (after ? [...before, ...d.dataSubjectRequests.nodes] : d.dataSubjectRequests.nodes));
      },
      (e: unknown) => setError(errorText(e)),
    );
  useEffect(() => void load(null), [p.subjectId]);
  if (error) return h('p', { className: 'error' }, error);
  return h(
    'section',
    null,
    h('p', { className: 'note' }, page ? `${rows.length} ${t('of')} ${page.totalCount}` : '…'),
    table(
      p.subjectId ? 'subject-requests' : 'open-requests',
      [t('type'), t('status'), t('subjectId'), t('received'), t('due'), ''],
      rows.map((r) => [
        r.type,
        statusText(t, r.status),
        h('code', null, r.subjectId),
        dateText(lang, r.receivedAt),
        h(
          'span',
          null,
          dateText(lang, r.dueAt),
          urgency(r)
            ? h(
                'span',
                { className: `badge ${urgency(r)}` },
                ` ${urgency(r) === 'overdue' ? t('overdue') : t('dueSoon')}`,
              )
            : null,
        ),
        h('button', { 'data-testid': `open-${r.id}`, onClick: () => p.onOpen(r.id) }, t('open')),
      ]),
      (i) => urgency(rows[i]),
    ),
    page?.pageInfo.hasNextPage ? h('button', { onClick: () => void load(page.pageInfo.endCursor) }, t('more')) : null,
  );
}

interface Detail {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  reason: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  extendedMonths: number;
  extensionReason: string | null;
  legs: Array<{
    subgraph: string;
    status: string;
    attempts: number;
    lastError: string | null;
    receipt: { outcome: string } | null;
  }>;
}
const DETAIL = `query($id: ID!, $n: Int) {
  dataSubjectRequest(id: $id) { id type status subjectId reason receivedAt dueAt overdue extendedMonths extensionReason
    legs { subgraph status attempts lastError receipt { outcome } } }
  auditEvents(filter: { requestId: $id }, first: $n) { nodes { seq at action actor detail } } }`;
const MAILS = `query($s: ID, $n: Int) { outboxMessages(filter: { subjectId: $s }, first: $n) { nodes { id requestId kind status subjectLine createdAt lastError } } }`;

type Audit = { seq: number; at: string; action: string; actor: string; detail: string };
type Mail = {
  id: string;
  requestId: string | null;
  kind: string;
  status: string;
  subjectLine: string;
  createdAt: string;
  lastError: string | null;
};

/** One request: its legs and receipts, its mails, its audit trail, and what a dpo may do to it. */
export function RequestDetail(p: { ctx: Ctx; id: string; onBack: () => void }): ReactElement {
  const { t, lang, session } = p.ctx;
  const [data, setData] = useState<{ r: Detail; audit: Audit[]; mails: Mail[] } | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    gql<{ dataSubjectRequest: Detail; auditEvents: { nodes: Audit[] } }>(session, DETAIL, { id: p.id, n: 200 })
      .then(async (d) => {
        const m = await gql<{ outboxMessages: { nodes: Mail[] } }>(session, MAILS, {
          s: d.dataSubjectRequest.subjectId,
          n: 200,
        });
        setData({
          r: d.dataSubjectRequest,
          audit: d.auditEvents.nodes,
          mails: m.outboxMessages.nodes.filter((x) => x.requestId === p.id),
        });
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [p.id, version]);
  if (error) return h('p', { className: 'error' }, error);
  if (!data) return h('p', null, '…');
  const { r } = data;
  const refresh = () => setVersion((v) => v + 1);
  const mutate = (q: string, v: Record<string, unknown>) => gql(session, q, v);
  const open = ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW'].includes(r.status);
  // An objection under examination is answered by the dpo's decision, not by the generic actions.
  const examined = r.status === 'UNDER_EXAMINATION';
  return h(
    'section',
    { 'data-testid': 'request-detail' },
    h('button', { onClick: p.onBack }, t('back')),
    h('h2', null, `${r.type} · `, h('span', { 'data-testid': 'request-status' }, statusText(t, r.status))),
    h('p', null, `${t('subjectId')}: `, h('code', null, r.subjectId)),
    h(
      'p',
      { className: urgency(r) },
      `${t('due')}: `,
      h('span', { 'data-testid': 'request-due' }, dateText(lang, r.dueAt)),
      r.extendedMonths ? ` (+${r.extendedMonths} · ${r.extensionReason ?? ''})` : '',
    ),
    h('h3', null, t('legs')),
    table(
      'legs',
      [t('service'), t('status'), t('attempts'), t('lastError'), t('receipt')],
      r.legs.map((l) => [l.subgraph, l.status, l.attempts, l.lastError ?? '', l.receipt?.outcome ?? '']),
    ),
    h('h3', null, t('actions')),
    examined ? objectionActions(p.ctx, r.id, mutate, refresh) : null,
    open
      ? h(
          'div',
          null,
          h(Action, {
            ctx: p.ctx,
            label: t('extend'),
            testId: 'extend',
            needsReason: true,
            withMonths: true,
            describe: (_r, n) => t('willExtend', { id: r.id, n }),
            run: (reason, months) =>
              mutate(
                'mutation($id: ID!, $r: String!, $m: Int!) { extendDeadline(id: $id, reason: $r, months: $m) { id } }',
                { id: r.id, r: reason, m: months },
              ),
            onDone: refresh,
          }),
          h(Action, {
            ctx: p.ctx,
            label: t('reject'),
            testId: 'reject',
            needsReason: true,
            describe: () => t('willReject', { id: r.id }),
            run: (reason) =>
              mutate('mutation($id: ID!, $r: String!) { rejectRequest(id: $id, reason: $r) { id } }', {
                id: r.id,
                r: reason,
              }),
            onDone: refresh,
          }),
          r.status === 'FAILED'
            ? h(Action, {
                ctx: p.ctx,
                label: t('retry'),
                testId: 'retry',
                needsReason: false,
                describe: () => t('willRetry', { id: r.id }),
                run: () => mutate('mutation($id: ID!) { retryRequest(id: $id) { id } }', { id: r.id }),
                onDone: refresh,
              })
            : null,
          r.status === 'AWAITING_REVIEW'
            ? h(Action, {
                ctx: p.ctx,
                label: t('approve'),
                testId: 'approve',
                needsReason: false,
                describe: () => t('willApprove', { id: r.id }),
                run: () => mutate('mutation($id: ID!) { approveExport(id: $id) { id } }', { id: r.id }),
                onDone: refresh,
              })
            : null,
        )
      : examined
        ? null
        : h('p', null, t('none')),
    h('h3', null, t('mails')),
    table(
      'request-mails',
      [t('created'), t('status'), t('subjectLine'), t('lastError')],
      data.mails.map((m) => [dateText(lang, m.createdAt), m.status, m.subjectLine, m.lastError ?? '']),
    ),
    h('h3', null, t('audit')),
    table(
      'audit',
      ['#', t('received'), 'action', 'actor', ''],
      data.audit.map((a) => [a.seq, dateText(lang, a.at), a.action, a.actor, h('code', null, a.detail)]),
    ),
  );
}
