import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiSession, type SignedIn } from './api/client';
import type { MySites, SessionUser } from './api/types';

export interface Session {
  user: SessionUser;
  token: string;
  sites: MySites['sites'];
  roleNames: Record<string, string>;
  /** The site and role the user works in now (the switcher). */
  site: string;
  role: string;
  setSite: (site: string) => void;
  setRole: (role: string) => void;
  zoneOf: (site: string) => string;
  /** The optional field groups of `procedure` that `site`'s policy does not use (e.g. building at a supermarket). */
  unusedFieldGroups: (site: string, procedure: string) => string[];
  siteName: (site: string) => string;
  roleName: (role: string) => string;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);
const SignInContext = createContext<(signedIn: SignedIn) => void>(() => {});

type Auth = { token: string; user: SessionUser; expiresAt?: string };

const stored = () => {
  try {
    return JSON.parse(sessionStorage.getItem('session') ?? 'null') as Auth | null;
  } catch {
    return null;
  }
};

// A token is renewed this long before it expires (the event stream ends at expiry and reopens with the new one).
const RENEW_BEFORE_MS = 5 * 60_000;

/** Holds the signed-in user, the sites they work at and the site/role they act in now. */
export function SessionProvider({ children, signedOut }: { children: ReactNode; signedOut: ReactNode }) {
  const { i18n } = useTranslation();
  const [auth, setAuth] = useState(stored);
  // A new tab (or a link from an e-mail) has no session of its own yet: the browser's session cookie may sign it in.
  const [checkingCookie, setCheckingCookie] = useState(() => stored() === null);
  const [sites, setSites] = useState<MySites | null>(null);
  const [site, setSite] = useState(() => localStorage.getItem('site') ?? '');
  const [role, setRole] = useState(() => localStorage.getItem('role') ?? '');
  apiSession.setToken(auth?.token ?? null);
  apiSession.setLanguage(i18n.language);

  const signOut = useCallback(() => {
    void api('/auth/logout', { method: 'POST' }).catch(() => undefined); // clears the session cookie
    sessionStorage.removeItem('session');
    setAuth(null);
    setSites(null);
  }, []);
  useEffect(() => apiSession.onUnauthorized(signOut), [signOut]);
  const keep = useCallback((next: Auth) => {
    sessionStorage.setItem('session', JSON.stringify(next));
    apiSession.setToken(next.token);
    setAuth(next);
  }, []);
  useEffect(() => {
    apiSession.onRenewed(({ token, user, expiresAt }) => keep({ token, user, expiresAt }));
  }, [keep]);
  useEffect(() => {
    if (!checkingCookie) return;
    let live = true;
    api<SignedIn | undefined>('/auth/session')
      .then((session) => live && session && keep(session))
      .catch(() => undefined) // no cookie, or it expired: the sign-in page
      .finally(() => live && setCheckingCookie(false));
    return () => {
      live = false;
    };
  }, [checkingCookie, keep]);
  // Renew the token shortly before it expires; a failed renewal leaves it to expire (then the user signs in again).
  const expiresAt = auth?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(
      () => void apiSession.renew().catch(() => undefined),
      Math.max(0, Date.parse(expiresAt) - Date.now() - RENEW_BEFORE_MS),
    );
    return () => clearTimeout(timer);
  }, [expiresAt]);

  useEffect(() => {
    if (!auth) return;
    let live = true;
    api<MySites>('/sites')
      .then((s) => live && setSites(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [auth, i18n.language]);

  const value = useMemo<Session | null>(() => {
    if (!auth || !sites) return null;
    const chosenSite = sites.sites.find((s) => s.id === site) ?? sites.sites[0];
    const siteId = chosenSite?.id ?? '';
    const roles = chosenSite?.roles ?? [];
    return {
      user: auth.user,
      token: auth.token,
      sites: sites.sites,
      roleNames: sites.roleNames,
      site: siteId,
      role: roles.includes(role) ? role : (roles[0] ?? ''),
      setSite: (s) => {
        localStorage.setItem('site', s);
        setSite(s);
      },
      setRole: (r) => {
        localStorage.setItem('role', r);
        setRole(r);
      },
      zoneOf: (s) => sites.sites.find((x) => x.id === s)?.zone ?? 'Asia/Shanghai',
      unusedFieldGroups: (s, procedure) => sites.sites.find((x) => x.id === s)?.unusedFieldGroups?.[procedure] ?? [],
      siteName: (s) => sites.sites.find((x) => x.id === s)?.name ?? s,
      roleName: (r) => sites.roleNames[r] ?? r,
      signOut,
    };
  }, [auth, sites, site, role, signOut]);

  const signIn = useCallback(
    ({ token, user, expiresAt }: SignedIn) => {
      localStorage.removeItem('role');
      keep({ token, user, expiresAt });
    },
    [keep],
  );

  return (
    <SignInContext.Provider value={signIn}>
      {auth ? (
        value ? (
          <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
        ) : (
          <p className="loading" role="status">
            …
          </p>
        )
      ) : checkingCookie ? (
        <p className="loading" role="status">
          …
        </p>
      ) : (
        signedOut
      )}
    </SignInContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const useSignIn = () => useContext(SignInContext);
