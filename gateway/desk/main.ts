import { createElement as h, useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { sessionOf, viewsOf, type Session, type View } from './api';
import { translator, type Key, type Lang } from './i18n';
import { LookupView, MailView, RetentionView } from './lists.view';
import { RequestDetail, RequestsView } from './requests.view';
import { StatisticsView } from './statistics.view';
import { SubjectView } from './subject.view';
import type { Ctx } from './ui';

const TOKEN_KEY = 'desk.token';
const LANG_KEY = 'desk.lang';

function SignIn(p: { lang: Lang; onSession: (s: Session) => void }): ReactElement {
  const t = translator(p.lang);
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  return h(
    'form',
    {
      'data-testid': 'sign-in',
      onSubmit: (e: Event) => {
        e.preventDefault();
        const session = sessionOf(token);
        if (!session) return setError(t('badToken'));
        sessionStorage.setItem(TOKEN_KEY, session.token);
        p.onSession(session);
      },
    },
    h('p', null, t('tokenHelp')),
    h('textarea', {
      name: 'token',
      rows: 4,
      cols: 80,
      value: token,
      onChange: (e: Event) => setToken((e.target as HTMLTextAreaElement).value),
    }),
    h('div', null, h('button', { type: 'submit' }, t('signIn'))),
    error ? h('p', { className: 'error' }, error) : null,
  );
}

function Desk(p: { ctx: Ctx; onSignOut: () => void }): ReactElement {
  const { t, session } = p.ctx;
  const views = viewsOf(session);
  const [view, setView] = useState<View | null>(views[0] ?? null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const open = (id: string) => setRequestId(id);
  let body: ReactElement;
  if (requestId) body = h(RequestDetail, { ctx: p.ctx, id: requestId, onBack: () => setRequestId(null) });
  else if (view === 'requests') body = h(RequestsView, { ctx: p.ctx, onOpen: open });
  else if (view === 'subject') body = h(SubjectView, { ctx: p.ctx, initial: '', onOpen: open });
  else if (view === 'retention') body = h(RetentionView, { ctx: p.ctx });
  else if (view === 'mail') body = h(MailView, { ctx: p.ctx });
  else if (view === 'statistics') body = h(StatisticsView, { ctx: p.ctx });
  else if (view === 'lookup') body = h(LookupView, { ctx: p.ctx });
  else body = h('p', { 'data-testid': 'no-view' }, t('nothingForRole'));
  return h(
    'div',
    null,
    h(
      'p',
      { className: 'who' },
      `${t('signedInAs')} ${session.sub} (${session.roles.join(', ')}) `,
      h('button', { onClick: p.onSignOut }, t('signOut')),
    ),
    h(
      'nav',
      { 'data-testid': 'views' },
      ...views.map((v) =>
        h(
          'button',
          { key: v, 'aria-pressed': v === view && !requestId, onClick: () => (setRequestId(null), setView(v)) },
          t(v as Key),
        ),
      ),
    ),
    h('main', null, body),
  );
}

function App(): ReactElement {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'fr' ? 'fr' : 'en'));
  const [session, setSession] = useState<Session | null>(() => sessionOf(sessionStorage.getItem(TOKEN_KEY) ?? ''));
  const t = translator(lang);
  document.documentElement.lang = lang;
  const switchTo = (l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLang(l);
  };
  return h(
    'div',
    null,
    h(
      'header',
      null,
      h('h1', null, t('title')),
      h(
        'button',
        { 'data-testid': 'lang', onClick: () => switchTo(lang === 'en' ? 'fr' : 'en') },
        lang === 'en' ? 'Français' : 'English',
      ),
    ),
    session
      ? h(Desk, {
          ctx: { session, lang, t },
          onSignOut: () => {
            sessionStorage.removeItem(TOKEN_KEY);
            setSession(null);
          },
        })
      : h(SignIn, { lang, onSession: setSession }),
  );
}

const root = document.getElementById('desk');
if (root) createRoot(root).render(h(App, {}));
