import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiSession } from './client';
import type { CaseSummary, ProcedureDetail, ProcedureSummary } from './types';

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
let summaries: { lang: string; list: Promise<{ procedures: ProcedureSummary[] }> } | undefined;

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

/** Every procedure (newest versions), labelled in the UI's language. */
export function useProcedures(): ProcedureSummary[] {
  const { i18n } = useTranslation();
  const [list, setList] = useState<ProcedureSummary[]>([]);
  useEffect(() => {
    if (summaries?.lang !== i18n.language) {
      summaries = { lang: i18n.language, list: api('/procedures') };
      summaries.list.catch(() => (summaries = undefined));
    }
    let live = true;
    summaries.list.then((r) => live && setList(r.procedures)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [i18n.language]);
  return list;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** Case changes from GET /api/stream, resumed from the last event id after a drop. */
export function useCaseStream(onChange: (summary: CaseSummary) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    let source: EventSource | undefined;
    let lastId = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const open = () => {
      const token = apiSession.getToken();
      if (!token || closed) return;
      const params = new URLSearchParams({ access_token: token });
      if (lastId) params.set('lastEventId', lastId);
      source = new EventSource(`/api/stream?${params}`);
      source.onopen = () => setStatus('live');
      source.addEventListener('case', (e) => {
        const message = e as MessageEvent<string>;
        if (message.lastEventId) lastId = message.lastEventId;
        handler.current(JSON.parse(message.data) as CaseSummary);
      });
      source.onerror = () => {
        setStatus('reconnecting');
        // The browser retries by itself unless the stream was refused; then start over, resuming from lastId.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
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

/** Names of every procedure's deadline timers (by timer id), for charts that span procedures. */
export function useTimerNames(): Record<string, string> {
  const { i18n } = useTranslation();
  const procedures = useProcedures();
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    void Promise.all(procedures.map((p) => api<ProcedureDetail>(`/procedures/${p.id}`)))
      .then((defs) => {
        if (live) setNames(Object.fromEntries(defs.flatMap((d) => d.timers.map((t) => [t.id, t.name]))));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [procedures, i18n.language]);
  return names;
}
