import { createElement as h, useEffect, useState, type ReactElement } from 'react';
import { gql } from './api';
import { dateText } from './i18n';
import { Action, errorText, table, type Ctx } from './ui';

/** Loads once per `version`; the view shows an error or "…" until then. */
function useData<D>(ctx: Ctx, query: string, variables: Record<string, unknown>, version = 0): [D | null, string] {
  const [data, setData] = useState<D | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    gql<D>(ctx.session, query, variables).then(setData, (e: unknown) => setError(errorText(e)));
  }, [version]);
  return [data, error];
}

interface Run {
  id: string;
  asOf: string | null;
  status: string;
  receivedAt: string;
  legs: Array<{
    subgraph: string;
    retention: { rules: Array<{ deleted: number; anonymised: number; kept: number }> } | null;
  }>;
}
const RUNS = `query($n: Int) { retentionRuns(first: $n) { nodes { id asOf status receivedAt
  legs { subgraph retention { rules { deleted anonymised kept } } } } } }`;

/** Retention sweeps with their counts, summed over every service and rule. */
export function RetentionView(p: { ctx: Ctx }): ReactElement {
  const { t, lang } = p.ctx;
  const [data, error] = useData<{ retentionRuns: { nodes: Run[] } }>(p.ctx, RUNS, { n: 30 });
  if (error) return h('p', { className: 'error' }, error);
  if (!data) return h('p', null, '…');
  const sum = (r: Run, k: 'deleted' | 'anonymised' | 'kept') =>
    r.legs.reduce((n, l) => n + (l.retention?.rules.reduce((m, rule) => m + rule[k], 0) ?? 0), 0);
  return table(
    'retention-runs',
    [t('asOf'), t('status'), t('received'), t('counts')],
    data.retentionRuns.nodes.map((r) => [
      r.asOf ?? '',
      r.status,
      dateText(lang, r.receivedAt),
      `${sum(r, 'deleted')} / ${sum(r, 'anonymised')} / ${sum(r, 'kept')}`,
    ]),
  );
}

interface Mail {
  id: string;
  kind: string;
  recipient: string;
  subjectLine: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}
const MAIL = `query($n: Int) { outboxMessages(filter: { statuses: [FAILED] }, first: $n) {
  totalCount nodes { id kind recipient subjectLine attempts lastError createdAt } } }`;

/** Mail that gave up, with a retry each. */
export function MailView(p: { ctx: Ctx }): ReactElement {
  const { t, lang } = p.ctx;
  const [version, setVersion] = useState(0);
  const [data, error] = useData<{ outboxMessages: { nodes: Mail[] } }>(p.ctx, MAIL, { n: 100 }, version);
  if (error) return h('p', { className: 'error' }, error);
  if (!data) return h('p', null, '…');
  if (data.outboxMessages.nodes.length === 0) return h('p', null, t('none'));
  return table(
    'undelivered',
    [t('created'), t('recipient'), t('subjectLine'), t('attempts'), t('lastError'), ''],
    data.outboxMessages.nodes.map((m) => [
      dateText(lang, m.createdAt),
      m.recipient,
      m.subjectLine,
      m.attempts,
      m.lastError ?? '',
      h(Action, {
        ctx: p.ctx,
        label: t('retry'),
        testId: `retry-mail-${m.id}`,
        needsReason: false,
        describe: () => t('willRetryMail', { id: m.id }),
        run: () => gql(p.ctx.session, 'mutation($id: ID!) { retryMessage(id: $id) { id } }', { id: m.id }),
        onDone: () => setVersion((v) => v + 1),
      }),
    ]),
  );
}

interface Subject {
  id: string;
  fullName: string | null;
  email: string | null;
}

/** Support's view: find a subject by name or email (what its role may read of the profile). */
export function LookupView(p: { ctx: Ctx }): ReactElement {
  const { t } = p.ctx;
  const [text, setText] = useState('');
  const [found, setFound] = useState<Subject[] | null>(null);
  const [error, setError] = useState('');
  return h(
    'section',
    null,
    h(
      'form',
      {
        onSubmit: (e: Event) => {
          e.preventDefault();
          gql<{ searchSubjects: Subject[] }>(
            p.ctx.session,
            'query($q: String!) { searchSubjects(text: $q) { id fullName email } }',
            { q: text },
          ).then(
            (d) => {
              setError('');
              setFound(d.searchSubjects);
            },
            (err: unknown) => setError(errorText(err)),
          );
        },
      },
      h('input', { name: 'text', value: text, onChange: (e: Event) => setText((e.target as HTMLInputElement).value) }),
      h('button', { type: 'submit' }, t('search')),
    ),
    error ? h('p', { className: 'error' }, error) : null,
    found
      ? table(
          'lookup',
          [t('subjectId'), t('name'), t('email')],
          found.map((s) => [h('code', null, s.id), s.fullName ?? '', s.email ?? '']),
        )
      : null,
  );
}
