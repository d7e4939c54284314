import { BarElement, CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { useTranslation } from 'react-i18next';
import { Bar, Line } from 'react-chartjs-2';
import type { MonthlyReport } from '../api/types';
import { formatMonth } from '../format';

Chart.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Legend, Tooltip);

const palette = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457'];

/**
 * The axes' titles in the UI's language, each with its unit (月份 / 超时率（%） / 平均用时（分钟）), as Chart.js scale
 * options; also put on the chart's frame (`data-axis-x`, `data-axis-y`) and in its accessible name, since the canvas
 * has no text of its own. `yPrecision`: decimals of the y ticks (0: whole units only).
 */
function axes(x: string, y: string, yTick: (v: number) => string, yPrecision?: number) {
  const title = (text: string) => ({ display: true, text, font: { size: 13 } });
  const callback = (v: string | number) => yTick(Number(v));
  return {
    x: { title: title(x), ticks: { font: { size: 12 } } },
    y: { min: 0, title: title(y), ticks: { font: { size: 12 }, callback, precision: yPrecision } },
  };
}

/**
 * The options both charts share: sized by their frame, drawn without animation, `scales` from {@link axes}, and a
 * tooltip that says each value with its unit (`value`), after the data set's name (`labelled`, the UI's 「名称：」).
 */
function chartOptions<S>(scales: S, value: (v: number) => string, labelled: (label: string) => string) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    scales,
    plugins: {
      tooltip: {
        callbacks: {
          label: (c: { dataset: { label?: string }; parsed: { y: number | null } }) =>
            `${labelled(c.dataset.label ?? '')}${value(c.parsed.y ?? 0)}`,
        },
      },
    },
  };
}

/** Overdue rate per month, as a bar chart: months across, percent up. */
export function OverdueRateChart({ report, label }: { report: MonthlyReport; label: string }) {
  const { t, i18n } = useTranslation();
  const x = t('dashboard.axis.month');
  const y = t('dashboard.axis.overdueRate');
  const percent = (v: number) => t('dashboard.axis.percent', { value: v });
  const labelled = (name: string) => t('common.labelled', { label: name });
  const scales = axes(x, y, percent);
  return (
    <div className="chart" data-axis-x={x} data-axis-y={y}>
      <Bar
        role="img"
        aria-label={t('dashboard.axis.chart', { label, x, y })}
        options={chartOptions({ ...scales, y: { ...scales.y, max: 100 } }, percent, labelled)}
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

/** Average minutes from a deadline's start to its step, per deadline and month: months across, minutes up. */
export function TimeToStepChart(props: { report: MonthlyReport; label: string; timerName: (id: string) => string }) {
  const { report, label, timerName } = props;
  const { t, i18n } = useTranslation();
  const timers = [...new Set(report.months.flatMap((m) => m.timeToStep.map((x) => x.timer)))].sort();
  const x = t('dashboard.axis.month');
  const y = t('dashboard.axis.timeToStep');
  const minutes = (v: number) => t('dashboard.axis.minutes', { count: v });
  const labelled = (name: string) => t('common.labelled', { label: name });
  return (
    <>
      {/* An empty chart says why it is empty rather than leaving a manager to wonder. */}
      {timers.length === 0 && <p className="muted">{t('dashboard.noTimeToStep')}</p>}
      <div className="chart" data-axis-x={x} data-axis-y={y}>
        <Line
          role="img"
          aria-label={t('dashboard.axis.chart', { label, x, y })}
          // Whole minutes on the axis (the tooltip gives each average as it is).
          options={chartOptions(axes(x, y, minutes, 0), minutes, labelled)}
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
    </>
  );
}
