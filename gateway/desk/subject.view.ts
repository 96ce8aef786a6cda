import { createElement as h, useEffect, useState, type ReactElement } from 'react';
import { gql } from './api';
import { dateText, type Key } from './i18n';
import { RequestsView } from './requests.view';
import { Action, errorText, table, type Ctx } from './ui';

interface Hold {
  id: string;
  scope: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  releasedAt: string | null;
}
interface Upcoming {
  kind: Key;
  at: string;
  requestId: string;
}
const SUBJECT = `query($s: ID!, $before: DateTimeISO!, $n: Int) {
  legalHolds(filter: { subjectId: $s }, first: $n) { nodes { id scope reason placedBy placedAt releasedAt } }
  upcomingLifecycleEvents(before: $before, subjectId: $s) { kind at requestId } }`;
// A day in ms, as common/calendar-date.ts says it: the browser bundle does not load that file.
const YEAR_MS = 366 * 86_400_000;

/** A subject: their requests, their holds (place, release), and what the sweep will do next. */
export function SubjectView(p: { ctx: Ctx; initial: string; onOpen: (id: string) => void }): ReactElement {
  const { t, lang, session } = p.ctx;
  const [input, setInput] = useState(p.initial);
  const [subjectId, setSubjectId] = useState(p.initial);
  const [data, setData] = useState<{ holds: Hold[]; next: Upcoming[] } | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!subjectId) return;
    setError('');
    gql<{ legalHolds: { nodes: Hold[] }; upcomingLifecycleEvents: Upcoming[] }>(session, SUBJECT, {
      s: subjectId,
      before: new Date(Date.now() + YEAR_MS).toISOString(),
      n: 100,
    }).then(
      (d) => setData({ holds: d.legalHolds.nodes, next: d.upcomingLifecycleEvents }),
      (e: unknown) => setError(errorText(e)),
    );
  }, [subjectId, version]);
  const refresh = () => setVersion((v) => v + 1);
  const form = h(
    'form',
    {
      onSubmit: (e: Event) => {
        e.preventDefault();
        setSubjectId(input.trim());
      },
    },
    h(
      'label',
      null,
      t('subjectId'),
      ' ',
      h('input', {
        name: 'subjectId',
        size: 40,
        value: input,
        onChange: (e: Event) => setInput((e.target as HTMLInputElement).value),
      }),
    ),
    h('button', { type: 'submit' }, t('show')),
  );
  if (!subjectId) return h('section', null, form);
  return h(
    'section',
    { 'data-testid': 'subject-page' },
    form,
    error ? h('p', { className: 'error' }, error) : null,
    h('h3', null, t('requests')),
    h(RequestsView, { ctx: p.ctx, subjectId, onOpen: p.onOpen }),
    h('h3', null, t('holds')),
    data
      ? table(
          'holds',
          [t('placed'), t('reason'), t('status'), ''],
          data.holds.map((hold) => [
            dateText(lang, hold.placedAt),
            hold.reason,
            hold.releasedAt ? `${t('released')} ${dateText(lang, hold.releasedAt)}` : t('active'),
            hold.releasedAt
              ? ''
              : h(Action, {
                  ctx: p.ctx,
                  label: t('release'),
                  testId: `release-${hold.id}`,
                  needsReason: true,
                  describe: () => t('willRelease', { id: hold.id }),
                  run: (reason) =>
                    gql(session, 'mutation($id: ID!, $r: String!) { releaseLegalHold(id: $id, reason: $r) { id } }', {
                      id: hold.id,
                      r: reason,
                    }),
                  onDone: refresh,
                }),
          ]),
        )
      : null,
    h(Action, {
      ctx: p.ctx,
      label: t('placeHold'),
      testId: 'place-hold',
      needsReason: true,
      describe: () => t('willPlace', { id: subjectId }),
      run: (reason) =>
        gql(session, 'mutation($i: PlaceLegalHoldInput!) { placeLegalHold(input: $i) { id } }', {
          i: { subjectId, reason },
        }),
      onDone: refresh,
    }),
    h('h3', null, t('next')),
    data && data.next.length > 0
      ? table(
          'upcoming',
          [t('due'), ''],
          data.next.map((e) => [dateText(lang, e.at), t(e.kind)]),
        )
      : h('p', { 'data-testid': 'upcoming' }, t('nothingNext')),
  );
}
