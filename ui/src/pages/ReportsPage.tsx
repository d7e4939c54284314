import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useProcedures, useTimerNames } from '../api/hooks';
import type { CaseSummary } from '../api/types';
import { formatTime } from '../format';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

interface OverdueReport {
  rows: Array<{
    site: string;
    procedure: string;
    timer: string;
    cases: number;
    overdue: number;
    late: number;
    missed: number;
    escalations: number;
    acknowledged: number;
  }>;
}
interface LedgerReport {
  totals: Array<{ site: string; account: string; amount: number; charges: number }>;
  lines: Array<{
    site: string;
    number: string;
    caseId: string;
    account: string;
    amount: number;
    reason: string;
    at: string;
  }>;
}

/** Statistics and the penalty ledger, with CSV downloads; printable documents are linked from each case. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const procedures = useProcedures();
  const [month, setMonth] = useState('');
  const filter = `${month ? `month=${month}&` : ''}site=${encodeURIComponent(session.site)}`;
  const overdue = useApi<OverdueReport>(`/reports/overdue?${filter}`);
  const ledger = useApi<LedgerReport>(`/reports/ledger?${filter}`);
  const recent = useApi<{ cases: CaseSummary[] }>(`/cases?site=${encodeURIComponent(session.site)}&pageSize=10`);
  const csv = (report: string) =>
    `/api/reports/${report}?${filter}&format=csv&access_token=${encodeURIComponent(session.token)}`;
  const name = (id: string) => procedures.find((p) => p.id === id)?.name ?? id;
  const timerNames = useTimerNames();
  const money = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'CNY' });
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <div className="field inline">
        <label htmlFor="report-month">{t('reports.month')}</label>
        <input id="report-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        <span className="muted">{month ? '' : t('reports.allTime')}</span>
      </div>

      <section className="card" aria-labelledby="stats-title">
        <div className="title-row">
          <h2 id="stats-title">{t('reports.statistics')}</h2>
          <a href={csv('overdue')} download>
            {t('reports.csv')}
          </a>
        </div>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.procedure')}</th>
                <th scope="col">{t('reports.timer')}</th>
                <th scope="col">{t('reports.cases')}</th>
                <th scope="col">{t('reports.overdue')}</th>
                <th scope="col">{t('reports.late')}</th>
                <th scope="col">{t('reports.missed')}</th>
                <th scope="col">{t('reports.escalations')}</th>
                <th scope="col">{t('reports.acknowledged')}</th>
              </tr>
            </thead>
            <tbody>
              {(overdue.data?.rows ?? []).map((r) => (
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
            </tbody>
          </table>
          {overdue.data && overdue.data.rows.length === 0 && <p className="muted">{t('reports.empty')}</p>}
        </div>
      </section>

      <section className="card" aria-labelledby="ledger-title">
        <div className="title-row">
          <h2 id="ledger-title">{t('reports.ledger')}</h2>
          <a href={csv('ledger')} download>
            {t('reports.csv')}
          </a>
        </div>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.account')}</th>
                <th scope="col">{t('reports.charges')}</th>
                <th scope="col">{t('reports.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {(ledger.data?.totals ?? []).map((r) => (
                <tr key={`${r.site}-${r.account}`}>
                  <td>{r.account}</td>
                  <td>{r.charges}</td>
                  <td>{money.format(r.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ledger.data && ledger.data.lines.length === 0 && <p className="muted">{t('reports.empty')}</p>}
        </div>
        {(ledger.data?.lines.length ?? 0) > 0 && (
          <ul className="ledger-lines">
            {ledger.data!.lines.map((l, i) => (
              <li key={i}>
                <Link href={`/cases/${encodeURIComponent(l.caseId)}`}>{l.number}</Link> {l.account}{' '}
                {money.format(l.amount)} — {l.reason}{' '}
                <span className="muted">{formatTime(l.at, session.zoneOf(l.site), i18n.language)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="print-title">
        <h2 id="print-title">{t('reports.printable')}</h2>
        <p className="muted">{t('reports.printableHint')}</p>
        <ul>
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
