import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiSession } from './client';
import type { CaseSummary, ProcedureDetail, ProcedureList, ProcedureSummary, SiteStaff, StaffMember } from './types';

/** Loads `path` and reloads when asked; `data` stays while a reload runs so screens do not flicker. */
export function useApi<T>(path: string | null) {
  const { i18n } = useTranslation();
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(path)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [path, tick, i18n.language]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload, setData };
}

const details = new Map<string, Promise<ProcedureDetail>>();
const summaries = new Map<string, Promise<ProcedureList>>();

/** A procedure's definition (labels, schemas, diagram), fetched once per version and language. */
export function useProcedure(id: string | undefined, version?: number): ProcedureDetail | undefined {
  const { i18n } = useTranslation();
  const [def, setDef] = useState<ProcedureDetail>();
  useEffect(() => {
    if (!id) return;
    const key = `${i18n.language}:${id}:${version ?? ''}`;
    if (!details.has(key)) {
      const p = api<ProcedureDetail>(`/procedures/${id}${version ? `?version=${version}` : ''}`);
      p.catch(() => details.delete(key));
      details.set(key, p);
    }
    let live = true;
    details
      .get(key)!
      .then((d) => live && setDef(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, version, i18n.language]);
  return def;
}

/**
 * Every procedure (newest versions), labelled in the UI's language; with `site`, only those the site runs (GET
 * /procedures?site=, issue 19), e.g. for the new-case form.
 */
export function useProcedures(site?: string): ProcedureSummary[] {
  const { i18n } = useTranslation();
  const [list, setList] = useState<ProcedureSummary[]>([]);
  useEffect(() => {
    const key = `${i18n.language}:${site ?? ''}`;
    if (!summaries.has(key)) {
      const p = api<ProcedureList>(site ? `/procedures?${new URLSearchParams({ site })}` : '/procedures');
      p.catch(() => summaries.delete(key));
      summaries.set(key, p);
    }
    let live = true;
    summaries
      .get(key)!
      .then((r) => live && setList(r.procedures))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [i18n.language, site]);
  return list;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

// Where the stream was when a page stopped listening (or the user had to sign in again): the next page resumes there.
let resumeFrom = '';

/**
 * Case changes from GET /api/stream, resumed from the last event id after a drop. The stream ends when its token
 * expires (an `auth-expired` message): it reopens with the session's renewed token, or after renewing it now; when
 * the token can no longer be renewed the user is asked to sign in again, and the stream resumes after that.
 */
export function useCaseStream(onChange: (summary: CaseSummary) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const remember = (e: Event) => {
      const id = (e as MessageEvent<string>).lastEventId;
      if (id) resumeFrom = id;
    };
    const open = () => {
      const token = apiSession.getToken();
      if (!token || closed) return;
      // Signed in by the session cookie (set at sign-in and at each renewal): no token in the URL.
      const params = new URLSearchParams(resumeFrom ? { lastEventId: resumeFrom } : {});
      const opened = new EventSource(`/api/stream${resumeFrom ? `?${params}` : ''}`);
      source = opened;
      opened.onopen = () => setStatus('live');
      opened.addEventListener('ready', remember);
      opened.addEventListener('case', (e) => {
        remember(e);
        handler.current(JSON.parse((e as MessageEvent<string>).data) as CaseSummary);
      });
      opened.addEventListener('auth-expired', (e) => {
        remember(e);
        // Not the browser's own retry: it would resend the expired token.
        opened.close();
        setStatus('reconnecting');
        const renewed = apiSession.getToken();
        if (renewed && renewed !== token) open();
        else
          apiSession.renew().then(open, () => {
            // The session has ended; the sign-in page takes over and the stream resumes after it.
          });
      });
      opened.onerror = () => {
        setStatus('reconnecting');
        // The browser retries by itself unless the stream was refused; then start over, resuming from resumeFrom.
        if (opened.readyState === EventSource.CLOSED) {
          opened.close();
          retry = setTimeout(open, 3000);
        }
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return status;
}

/** Re-renders every second: countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Every procedure's definition (newest versions), in the UI's language; empty until loaded. */
export function useProcedureDetails(): ProcedureDetail[] {
  const { i18n } = useTranslation();
  const procedures = useProcedures();
  const [defs, setDefs] = useState<ProcedureDetail[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all(procedures.map((p) => api<ProcedureDetail>(`/procedures/${p.id}`)))
      .then((loaded) => live && setDefs(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [procedures, i18n.language]);
  return defs;
}

/** Names of every procedure's deadline timers (by timer id), for charts that span procedures. */
export function useTimerNames(): Record<string, string> {
  const defs = useProcedureDetails();
  return useMemo(() => Object.fromEntries(defs.flatMap((d) => d.timers.map((t) => [t.id, t.name]))), [defs]);
}

/**
 * The words for every value a procedure's forms offer (by value id: `store_operations` → 营运部), per procedure id;
 * for reports that show recorded values, such as the ledger's departments and reasons.
 */
export function useValueNames(): Record<string, Record<string, string>> {
  const defs = useProcedureDetails();
  return useMemo(
    () =>
      Object.fromEntries(defs.map((d) => [d.id, Object.assign({}, d.start.values, ...d.events.map((e) => e.values))])),
    [defs],
  );
}

const staffBySite = new Map<string, Promise<SiteStaff>>();

/**
 * The staff of `site` (GET /sites/{id}/staff: name, roles there, gender), fetched once per site: the choices of a
 * form field that names a person of the site (`x-staff`) and the names shown for the ids such fields recorded.
 * Undefined until loaded (and for a site the user cannot read).
 */
export function useSiteStaff(site: string | undefined): readonly StaffMember[] | undefined {
  const [staff, setStaff] = useState<readonly StaffMember[]>();
  useEffect(() => {
    if (!site) return;
    if (!staffBySite.has(site)) {
      const p = api<SiteStaff>(`/sites/${encodeURIComponent(site)}/staff`);
      p.catch(() => staffBySite.delete(site));
      staffBySite.set(site, p);
    }
    let live = true;
    staffBySite
      .get(site)!
      .then((s) => live && setStaff(s.staff))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [site]);
  return staff;
}
