import { createElement as h, useState, type Child, type ReactElement } from 'react';
import { ApiError, type Session } from './api';
import type { Lang, T } from './i18n';

/** What every view receives: who is signed in and in which language. */
export interface Ctx {
  session: Session;
  lang: Lang;
  t: T;
}

export function table(
  testId: string,
  head: readonly string[],
  rows: ReadonlyArray<readonly Child[]>,
  rowClass?: (i: number) => string,
) {
  return h(
    'table',
    { 'data-testid': testId },
    h('thead', null, h('tr', null, ...head.map((c, i) => h('th', { key: i }, c)))),
    h(
      'tbody',
      null,
      ...rows.map((cells, i) =>
        h('tr', { key: i, className: rowClass?.(i) ?? '' }, ...cells.map((c, j) => h('td', { key: j }, c))),
      ),
    ),
  );
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
}

export interface ActionProps {
  ctx: Ctx;
  label: string;
  testId: string;
  /** What it will do, said before it is done. */
  describe: (reason: string, months: number) => string;
  needsReason: boolean;
  withMonths?: boolean;
  run: (reason: string, months: number) => Promise<unknown>;
  onDone: () => void;
}

/** An action in three steps: the form, what it will do (confirm or cancel), then the outcome. */
export function Action(p: ActionProps): ReactElement {
  const [step, setStep] = useState<'idle' | 'form' | 'confirm' | 'running'>('idle');
  const [reason, setReason] = useState('');
  const [months, setMonths] = useState(1);
  const [message, setMessage] = useState('');
  const { t } = p.ctx;
  if (step === 'idle')
    return h(
      'div',
      { className: 'action' },
      h('button', { 'data-testid': p.testId, onClick: () => setStep('form') }, p.label),
      message ? h('span', { className: 'note', 'data-testid': `${p.testId}-result` }, message) : null,
    );
  if (step === 'form')
    return h(
      'form',
      {
        className: 'action',
        onSubmit: (e: Event) => {
          e.preventDefault();
          setStep('confirm');
        },
      },
      p.needsReason
        ? h(
            'label',
            null,
            t('reason'),
            ' ',
            h('input', {
              name: 'reason',
              required: true,
              value: reason,
              onChange: (e: InputEvent) => setReason((e.target as HTMLInputElement).value),
            }),
          )
        : null,
      p.withMonths
        ? h(
            'label',
            null,
            ' ',
            t('months'),
            ' ',
            h(
              'select',
              {
                name: 'months',
                value: String(months),
                onChange: (e: Event) => setMonths(Number((e.target as HTMLSelectElement).value)),
              },
              h('option', { value: '1' }, '1'),
              h('option', { value: '2' }, '2'),
            ),
          )
        : null,
      h('button', { type: 'submit' }, p.label),
      h('button', { type: 'button', onClick: () => setStep('idle') }, t('cancel')),
    );
  return h(
    'div',
    { className: 'action confirm', role: 'alertdialog' },
    h('p', { 'data-testid': 'will-do' }, p.describe(reason, months)),
    h(
      'button',
      {
        'data-testid': 'confirm',
        disabled: step === 'running',
        onClick: () => {
          setStep('running');
          p.run(reason, months).then(
            () => {
              setMessage(t('done'));
              setStep('idle');
              p.onDone();
            },
            (error: unknown) => {
              setMessage(errorText(error));
              setStep('idle');
            },
          );
        },
      },
      t('confirm'),
    ),
    h('button', { onClick: () => setStep('idle') }, t('cancel')),
  );
}
