import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch';
import { CasePage } from './pages/CasePage';
import { DashboardPage } from './pages/DashboardPage';
import { InboxPage } from './pages/InboxPage';
import { NewCasePage } from './pages/NewCasePage';
import { ReportsPage } from './pages/ReportsPage';
import { SignInPage } from './pages/SignInPage';
import { Link, usePath } from './router';
import { SessionProvider, useSession } from './session';

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
        <AccountMenu>
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
        </AccountMenu>
      </header>
      <main className="content">{page}</main>
    </>
  );
}

const WIDE = '(min-width: 900px)';
const wideQuery = () => window.matchMedia(WIDE);

/** Whether the window is as wide as a desktop (the stylesheet's 900 px step), following resizes. */
function useWide(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = wideQuery();
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => wideQuery().matches,
  );
}

/**
 * The user, site, role, language and sign-out: in the top bar on a desktop; on a phone behind a 44 px menu button at
 * the end of the navigation row, so the bar stays one row high (issue 20 point 7). The menu shows the site's name.
 */
function AccountMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const wide = useWide();
  const [open, setOpen] = useState(false);
  if (wide) return <div className="who">{children}</div>;
  return (
    <details className="account" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary aria-label={t('app.menu', { site: session.siteName(session.site) })}>
        <span aria-hidden="true">☰</span>
      </summary>
      <div className="who">{children}</div>
    </details>
  );
}
