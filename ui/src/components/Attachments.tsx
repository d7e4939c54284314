/**
 * Longer than 300 lines on purpose: evidence files in one place — the upload field of a step form (camera on a phone,
 * upload while the rest is filled in, retry without losing the form), the view of one attached file, and the case's
 * files card with its chain of custody — sharing the upload call, the case context and the file's words.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiSession } from '../api/client';
import type { Attachment, CaseFiles, Problem } from '../api/types';
import type { JsonSchema } from '../forms/schema';

/** A file as a step's data references it: the name, hash and size of an uploaded {@link Attachment}. */
export type AttachmentRef = Pick<Attachment, 'name' | 'sha256' | 'size'>;

/**
 * The case whose files a form uploads to and recorded data shows, and its files as listed (undefined until the list
 * has loaded, null when it could not be); absent where there is no case yet.
 */
export const CaseFilesContext = createContext<{ caseId: string; files?: CaseFiles | null } | null>(null);

/**
 * Provides {@link CaseFilesContext} for a case: loads its files (again whenever `refreshKey` changes, e.g. after a
 * step), so a recorded attachment knows its type (a thumbnail is asked for photos only) and the files card its list.
 */
export function CaseFilesProvider({
  caseId,
  refreshKey,
  children,
}: {
  caseId: string;
  refreshKey: unknown;
  children: ReactNode;
}) {
  const [files, setFiles] = useState<CaseFiles | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api<CaseFiles>(`/cases/${encodeURIComponent(caseId)}/attachments`)
      .then((f) => live && setFiles(f))
      .catch(() => live && setFiles(null));
    return () => {
      live = false;
    };
  }, [caseId, refreshKey]);
  return <CaseFilesContext.Provider value={{ caseId, files }}>{children}</CaseFilesContext.Provider>;
}

/** Whether a list's item schema is the attachment shape `{ name, sha256, size }`. */
export const isAttachmentItem = (schema: JsonSchema | undefined) =>
  !!schema?.properties?.sha256 && !!schema.properties.size && !!schema.properties.name;

/** Whether a recorded value is an attachment reference. */
export const isAttachmentRef = (v: unknown): v is AttachmentRef =>
  !!v && typeof v === 'object' && typeof (v as AttachmentRef).sha256 === 'string';

// Signed in by the session cookie the API set at sign-in: no token in the URL.
const fileUrl = (caseId: string, sha256: string, thumbnail = false) =>
  `/api/cases/${encodeURIComponent(caseId)}/attachments/${sha256}${thumbnail ? '/thumbnail' : ''}`;

/** Bytes as KB/MB. */
const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** Uploads one file to a case (multipart); rejects with the API's problem detail or a network error. */
async function uploadFile(caseId: string, file: File, language: string): Promise<Attachment> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await fetch(`/api/cases/${encodeURIComponent(caseId)}/attachments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiSession.getToken() ?? ''}`, 'Accept-Language': language },
    body,
  });
  const answer: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((answer as Problem).detail ?? `HTTP ${res.status}`);
  return answer as Attachment; // 201: the file as stored
}

interface Pending {
  key: number;
  file: File;
  preview?: string;
  failed?: string;
}

/**
 * The files of a step: take a photo (the phone's camera directly) or choose files (photos, PDF). Each uploads at once
 * while the rest of the form is filled in; a failed upload stays with a retry button, and the form keeps its data.
 */
export function AttachmentsField(props: {
  id: string;
  label: string;
  value: AttachmentRef[];
  onChange: (value: AttachmentRef[]) => void;
  maxItems?: number;
  required: boolean;
  disabled: boolean;
  message?: string;
  errorId: string;
}) {
  const { id, label, value, maxItems, disabled } = props;
  const { t, i18n } = useTranslation();
  const files = useContext(CaseFilesContext);
  const [pending, setPending] = useState<Pending[]>([]);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const latest = useRef({ value, onChange: props.onChange });
  latest.current = { value, onChange: props.onChange };
  const counter = useRef(0);
  const shown = useRef(previews);
  shown.current = previews;
  useEffect(() => () => Object.values(shown.current).forEach((u) => URL.revokeObjectURL(u)), []);

  const send = async (item: Pending) => {
    if (!files) return;
    setPending((all) => all.map((p) => (p.key === item.key ? { ...p, failed: undefined } : p)));
    try {
      const done = await uploadFile(files.caseId, item.file, i18n.language);
      const ref = { name: done.name, sha256: done.sha256, size: done.size };
      const now = latest.current;
      if (!now.value.some((v) => v.sha256 === ref.sha256)) now.onChange([...now.value, ref]);
      if (item.preview) setPreviews((p) => ({ ...p, [ref.sha256]: item.preview! }));
      setPending((all) => all.filter((p) => p.key !== item.key));
    } catch (err) {
      setPending((all) =>
        all.map((p) => (p.key === item.key ? { ...p, failed: (err as Error).message || t('files.failed') } : p)),
      );
    }
  };
  const add = (list: FileList | null) => {
    for (const file of Array.from(list ?? [])) {
      const item: Pending = {
        key: ++counter.current,
        file,
        preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
      };
      setPending((all) => [...all, item]);
      void send(item);
    }
  };
  const full = maxItems !== undefined && value.length + pending.length >= maxItems;
  return (
    <fieldset className={`field-group attachments${props.message ? ' invalid' : ''}`} id={id}>
      <legend>
        {label}
        {props.required && <span className="req"> *</span>}
      </legend>
      <ul className="attachment-list">
        {value.map((ref) => (
          <li key={ref.sha256} className="attachment">
            {previews[ref.sha256] ? (
              <img src={previews[ref.sha256]} alt="" className="thumb" />
            ) : (
              <span className="thumb doc">📄</span>
            )}
            <span className="attachment-name">{ref.name}</span> <span className="muted">{sizeOf(ref.size)}</span>{' '}
            <span className="uploaded">{t('files.uploaded')}</span>
            <button
              type="button"
              className="link"
              disabled={disabled}
              onClick={() => props.onChange(value.filter((v) => v.sha256 !== ref.sha256))}
            >
              {t('files.remove', { name: ref.name })}
            </button>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.key} className={`attachment${p.failed ? ' failed' : ''}`} aria-busy={!p.failed}>
            {p.preview ? <img src={p.preview} alt="" className="thumb" /> : <span className="thumb doc">📄</span>}
            <span className="attachment-name">{p.file.name}</span>{' '}
            {p.failed ? (
              <>
                <span className="error-text" role="alert">
                  {t('files.failedBecause', { reason: p.failed })}
                </span>
                <button type="button" className="secondary" onClick={() => void send(p)}>
                  {t('files.retry')}
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => setPending((all) => all.filter((o) => o.key !== p.key))}
                >
                  {t('files.remove', { name: p.file.name })}
                </button>
              </>
            ) : (
              <span className="muted">{t('files.uploading')}</span>
            )}
          </li>
        ))}
      </ul>
      {files ? (
        <div className="attachment-inputs">
          <input
            id={`${id}-camera`}
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={disabled || full}
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
          <label className="file-button" htmlFor={`${id}-camera`}>
            {t('files.takePhoto')}
          </label>
          <input
            id={`${id}-choose`}
            className="visually-hidden"
            type="file"
            accept="image/*,application/pdf"
            multiple
            disabled={disabled || full}
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
          <label className="file-button" htmlFor={`${id}-choose`}>
            {t('files.choose')}
          </label>
        </div>
      ) : (
        <p className="muted">{t('files.afterOpening')}</p>
      )}
      {props.message && (
        <p className="error-text" id={props.errorId} role="alert">
          {props.message}
        </p>
      )}
    </fieldset>
  );
}

/** A recorded attachment: its thumbnail (photos), name, size, and a download link (each recorded in the custody). */
export function AttachmentView({ value }: { value: AttachmentRef }) {
  const { t } = useTranslation();
  const files = useContext(CaseFilesContext);
  const [noThumb, setNoThumb] = useState(false);
  if (!files) return <span className="recorded-text">{value.name}</span>;
  // Photos only (the type told from the content when it was uploaded): a PDF or an unlisted file shows an icon.
  const photo = files.files?.files.find((f) => f.sha256 === value.sha256)?.type.startsWith('image/') === true;
  return (
    <figure className="attachment-view">
      {noThumb || !photo ? (
        <span className="thumb doc">📄</span>
      ) : (
        <img
          className="thumb"
          src={fileUrl(files.caseId, value.sha256, true)}
          alt={value.name}
          loading="lazy"
          onError={() => setNoThumb(true)}
        />
      )}
      <figcaption>
        <a href={fileUrl(files.caseId, value.sha256)} download={value.name}>
          {value.name}
        </a>{' '}
        <span className="muted">{sizeOf(value.size)}</span>
        <br />
        <code className="hash" title={t('files.hash')}>
          {value.sha256.slice(0, 16)}…
        </code>
      </figcaption>
    </figure>
  );
}

/** The case's files with capture and upload times, and their chain of custody (who viewed or downloaded, when). */
export function CaseFilesCard({
  time,
  roleName,
}: {
  time: (iso: string) => string;
  roleName: (role: string) => string;
}) {
  const { t } = useTranslation();
  const files = useContext(CaseFilesContext)?.files;
  if (!files || files.files.length === 0) return null;
  const nameOf = (sha: string) => files.files.find((f) => f.sha256 === sha)?.name ?? sha.slice(0, 12);
  return (
    <section className="card files" aria-labelledby="files-title">
      <h2 id="files-title">{t('files.title')}</h2>
      <ul className="file-list">
        {files.files.map((f) => (
          <li key={f.sha256}>
            <AttachmentView value={f} />
            <p className="muted">
              {t('files.uploadedBy', { who: f.uploadedBy.name, at: time(f.uploadedAt) })}
              {f.takenAt && (
                <>
                  <br />
                  {t('files.takenAt', { at: time(f.takenAt) })}
                </>
              )}
              {f.place && (
                <>
                  <br />
                  {t('files.place', { lat: f.place.latitude.toFixed(5), lon: f.place.longitude.toFixed(5) })}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <h3>{t('files.custody')}</h3>
      {!files.intact && (
        <p className="error-text" role="alert">
          {t('files.broken')}
        </p>
      )}
      <ol className="custody">
        {files.custody.map((c) => (
          <li key={c.seq}>
            <time dateTime={c.at}>{time(c.at)}</time>{' '}
            {t('case.by', { who: c.by.name, role: c.by.roles.map(roleName).join(t('form.listSeparator')) })}{' '}
            {t(`files.action.${c.action}`)} {nameOf(c.sha256)}
          </li>
        ))}
      </ol>
    </section>
  );
}
