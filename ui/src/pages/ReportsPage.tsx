import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useProcedures, useTimerNames, useValueNames } from '../api/hooks';
import type { CaseList, LedgerReport, OverdueReport } from '../api/types';
import { formatTime } from '../format';
import { Link } from '../router';
import { useSession } from '../session';

/** Statistics and the penalty ledger, with CSV downloads; printable documents are linked from each case. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const procedures = useProcedures();
  const [month, setMonth] = useState('');
  const filter = `${month ? `month=${month}&` : ''}site=${encodeURIComponent(session.site)}`;
  const overdue = useApi<OverdueReport>(`/reports/overdue?${filter}`);
  const ledger = useApi<LedgerReport>(`/reports/ledger?${filter}`);
  const recent = useApi<CaseList>(`/cases?site=${encodeURIComponent(session.site)}&pageSize=10`);
  // The session cookie signs it in; the CSV speaks the language the page does.
  const csv = (report: string) => `/api/reports/${report}?${filter}&format=csv&lang=${i18n.language}`;
  const name = (id: string) => procedures.find((p) => p.id === id)?.name ?? id;
  const timerNames = useTimerNames();
  const valueNames = useValueNames();
  // A ledger's account (a department) and reason (`rule 11: unresolved`) in words, from the procedures' values.
  const valueName = (value: string, procedure?: string) =>
    (procedure ? valueNames[procedure]?.[value] : undefined) ??
    Object.values(valueNames).find((names) => names[value])?.[value] ??
    value;
  // The ledger waits for the procedures' words: shown before they load, it read `store_operations` for a moment.
  const ledgerLoaded = Object.keys(valueNames).length > 0 ? ledger.data : undefined;
  const reasonOf = (reason: string, procedure: string) => {
    const ruled = /^rule (\d+): (\w+)$/.exec(reason);
    if (!ruled) return reason;
    const said = valueName(ruled[2]!, procedure);
    return said === ruled[2] ? t('reports.rule', { rule: ruled[1], reason: said }) : said;
  };
  const money = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'CNY' });
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <div className="field inline">
        <label htmlFor="report-month">{t('reports.month')}</label>
        <input id="report-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        <span className="muted">{month ? '' : t('reports.allTime')}</span>
      </div>

      <ReportTable
        id="stats-title"
        title={t('reports.statistics')}
        csvHref={csv('overdue')}
        columns={[
          'dashboard.procedure',
          'reports.timer',
          'reports.cases',
          'reports.overdue',
          'reports.late',
          'reports.missed',
          'reports.escalations',
          'reports.acknowledged',
        ]}
        empty={overdue.data?.rows.length === 0}
        rows={(overdue.data?.rows ?? []).map((r) => (
          <tr key={`${r.site}-${r.procedure}-${r.timer}`}>
            <td>{name(r.procedure)}</td>
            <td>{timerNames[r.timer] ?? r.timer}</td>
            <td>{r.cases}</td>
            <td className={r.overdue ? 'overdue' : ''}>{r.overdue}</td>
            <td>{r.late}</td>
            <td>{r.missed}</td>
            <td>{r.escalations}</td>
            <td>{r.acknowledged}</td>
          </tr>
        ))}
      />

      <ReportTable
        id="ledger-title"
        title={t('reports.ledger')}
        csvHref={csv('ledger')}
        columns={['reports.account', 'reports.charges', 'reports.amount']}
        empty={ledgerLoaded?.lines.length === 0}
        rows={(ledgerLoaded?.totals ?? []).map((r) => (
          <tr key={`${r.site}-${r.account}`}>
            <td>{valueName(r.account)}</td>
            <td>{r.charges}</td>
            <td>{money.format(r.amount)}</td>
          </tr>
        ))}
      >
        {(ledgerLoaded?.lines.length ?? 0) > 0 && (
          <ul className="ledger-lines">
            {ledgerLoaded!.lines.map((l, i) => (
              <li key={i}>
                <Link href={`/cases/${encodeURIComponent(l.caseId)}`}>{l.number}</Link>{' '}
                {valueName(l.account, l.procedure)} {money.format(l.amount)} — {reasonOf(l.reason, l.procedure)}{' '}
                <span className="muted">{formatTime(l.at, session.zoneOf(l.site), i18n.language)}</span>
              </li>
            ))}
          </ul>
        )}
      </ReportTable>

      <section className="card" aria-labelledby="print-title">
        <h2 id="print-title">{t('reports.printable')}</h2>
        <p className="muted">{t('reports.printableHint')}</p>
        <ul className="case-list">
          {(recent.data?.cases ?? []).map((c) => (
            <li key={c.caseId}>
              <Link href={`/cases/${encodeURIComponent(c.caseId)}`}>{c.number}</Link> {name(c.procedure)}{' '}
              <span className="muted">{t(`status.${c.status}`, { defaultValue: c.status })}</span>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

/**
 * A report's card: its title (`id` labels the card), a CSV download of it, and its table: `columns` are the i18n keys
 * of the header cells, `rows` the body; `empty` says there is nothing to show; `children` follow the table.
 */
function ReportTable(props: {
  id: string;
  title: string;
  csvHref: string;
  columns: string[];
  rows: ReactNode;
  empty: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={props.id}>
      <div className="title-row">
        <h2 id={props.id}>{props.title}</h2>
        <a className="download" href={props.csvHref} download>
          {t('reports.csv')}
        </a>
      </div>
      {/* A wide table scrolls sideways on a phone: a region the keyboard can reach and scroll too (WCAG 2.1.1). */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={props.id}>
        <table>
          <thead>
            <tr>
              {props.columns.map((key) => (
                <th key={key} scope="col">
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{props.rows}</tbody>
        </table>
        {props.empty && <p className="muted">{t('reports.empty')}</p>}
      </div>
      {props.children}
    </section>
  );
}
