import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import { NewCasePage } from './pages/NewCasePage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { Link, usePath } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';

export function App() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  }, [i18n.language, t]);
  return (
    <SessionProvider signedOut={<SignInPage />}>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const path = usePath();
  const session = useSession();
  const pathname = path.split('?')[0]!;
  const caseMatch = /^\/cases\/([^/]+)$/.exec(pathname);
  const newMatch = /^\/new(?:\/([^/]+))?$/.exec(pathname);
  let page: React.ReactNode;
  if (caseMatch) page = <CasePage key={caseMatch[1]} caseId={decodeURIComponent(caseMatch[1]!)} />;
  else if (newMatch) page = <NewCasePage procedure={newMatch[1]} />;
  else if (pathname === '/dashboard') page = <DashboardPage />;
  else if (pathname === '/reports') page = <ReportsPage />;
  else page = <InboxPage />;
  const nav = [
    ['/', t('nav.inbox')],
    ['/new', t('nav.newCase')],
    ['/dashboard', t('nav.dashboard')],
    ['/reports', t('nav.reports')],
  ] as const;
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  const site = session.sites.find((s) => s.id === session.site);
  return (
    <>
      <header className="topbar">
        <div className="brand">{t('app.title')}</div>
        <nav aria-label={t('nav.label')}>
          {nav.map(([href, label]) => (
            <Link key={href} href={href} aria-current={current(href) ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <span className="user">{session.user.name}</span>
          <label className="visually-hidden" htmlFor="site-switch">
            {t('app.site')}
          </label>
          <select id="site-switch" value={session.site} onChange={(e) => session.setSite(e.target.value)}>
            {session.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor="role-switch">
            {t('app.role')}
          </label>
          <select id="role-switch" value={session.role} onChange={(e) => session.setRole(e.target.value)}>
            {(site?.roles ?? []).map((r) => (
              <option key={r} value={r}>
                {session.roleName(r)}
              </option>
            ))}
          </select>
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={session.signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main className="content">{page}</main>
    </>
  );
}
