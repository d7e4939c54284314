import { BarElement, CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { useTranslation } from 'react-i18next';
import { Bar, Line } from 'react-chartjs-2';
import type { MonthlyReport } from '../api/types';
import { formatMonth } from '../format';

Chart.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Legend, Tooltip);

const palette = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457'];

/** Overdue rate per month, as a bar chart. */
export function OverdueRateChart({ report, label }: { report: MonthlyReport; label: string }) {
  const { i18n } = useTranslation();
  return (
    <div className="chart">
      <Bar
        role="img"
        aria-label={label}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { min: 0, max: 100 } },
        }}
        data={{
          labels: report.months.map((m) => formatMonth(m.month, i18n.language)),
          datasets: [
            {
              label,
              data: report.months.map((m) => Math.round(m.overdueRate * 1000) / 10),
              backgroundColor: '#c62828',
            },
          ],
        }}
      />
    </div>
  );
}

/** Average minutes from a deadline's start to its step, per deadline and month. */
export function TimeToStepChart(props: { report: MonthlyReport; label: string; timerName: (id: string) => string }) {
  const { report, label, timerName } = props;
  const { i18n } = useTranslation();
  const timers = [...new Set(report.months.flatMap((m) => m.timeToStep.map((x) => x.timer)))].sort();
  return (
    <div className="chart">
      <Line
        role="img"
        aria-label={label}
        options={{ responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { min: 0 } } }}
        data={{
          labels: report.months.map((m) => formatMonth(m.month, i18n.language)),
          datasets: timers.map((timer, i) => ({
            label: timerName(timer),
            data: report.months.map((m) => m.timeToStep.find((x) => x.timer === timer)?.averageMinutes ?? null),
            borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length],
            spanGaps: true,
          })),
        }}
      />
    </div>
  );
}
